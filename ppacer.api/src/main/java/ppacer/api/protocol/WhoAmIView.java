package ppacer.api.protocol;

import java.util.List;

/**
 * The answer of {@code GET /whoami}: who the caller is and what it may do, for the UI to ask for a
 * key and show only permitted actions.
 *
 * @param name the key's name; {@code anonymous} without a key
 * @param role its role; for an anonymous caller, {@code admin} when the server needs no key at all, else {@code viewer}
 * @param dags the DAG id patterns its actions are limited to; empty for every DAG
 * @param authenticated whether a key was presented and accepted
 * @param keyRequired whether the server requires keys (a {@code --token} or any API key exists)
 * @param readsProtected whether reads need a key too
 * @param may what the caller may do: of {@code read}, {@code operate}, {@code admin}, {@code execute}
 */
public record WhoAmIView(String name, String role, List<String> dags, boolean authenticated, boolean keyRequired,
                         boolean readsProtected, List<String> may) {
    /** Copies. */
    public WhoAmIView {
        dags = List.copyOf(dags);
        may = List.copyOf(may);
    }
}
