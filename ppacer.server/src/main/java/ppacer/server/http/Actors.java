package ppacer.server.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;
import java.util.regex.Pattern;
import ppacer.api.protocol.AuditView;
import ppacer.scheduler.model.Actor;

/**
 * Who makes an HTTP request, for the audit log: the one place that names a caller. The name is
 * that of the request's principal ({@link Principals#name}): the API key's name, {@code token} for
 * the {@code --token} key, or {@code anonymous} where no key is needed; a caller may add a
 * user name in {@value #HEADER} (the CLI sends the OS user), recorded as {@code token:<user>} or
 * {@code anonymous:<user>}: a claim, not checked. The address is the peer's host.
 */
final class Actors {
    /** The request header a caller claims a user name with. */
    static final String HEADER = AuditView.ACTOR_HEADER;
    private static final HeaderName ACTOR = HeaderNames.create(HEADER);
    private static final Pattern CLAIM = Pattern.compile("[A-Za-z0-9_.@\\-]{1,64}");

    /**
     * @param req the request
     * @return who makes it and from where
     * @throws HttpProblem (400) when the claimed user name is not 1-64 characters of {@code [A-Za-z0-9_.@-]}
     */
    static Actor of(ServerRequest req) {
        String name = Principals.name(req);
        Optional<String> claim = req.headers().first(ACTOR);
        if (claim.isPresent()) {
            if (!CLAIM.matcher(claim.get()).matches()) {
                throw HttpProblem.badRequest(HEADER, "Header " + HEADER + " must be a user name of 1-64 characters from "
                        + "[A-Za-z0-9_.@-], was '" + HttpProblem.shown(claim.get()) + "'");
            }
            name = name + ":" + claim.get();
        }
        return new Actor(name, Optional.of(req.remotePeer().host()));
    }
}
