import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The image smoke test's alert receiver, run from source ({@code java AlertSink.java DIR}): a webhook
 * endpoint (any path, answers 200) and a bare SMTP server (accepts every message) on free loopback
 * ports. It writes the ports to DIR/http.port and DIR/smtp.port, appends each POST body to
 * DIR/webhook.txt and each message (headers and body) to DIR/mail.txt, and runs until killed.
 */
public class AlertSink {
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            append(dir.resolve("webhook.txt"), ex.getRequestURI().getPath() + " " + new String(body, StandardCharsets.UTF_8) + "\n");
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        http.start();
        ServerSocket smtp = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Files.writeString(dir.resolve("http.port.tmp"), Integer.toString(http.getAddress().getPort()));
        Files.move(dir.resolve("http.port.tmp"), dir.resolve("http.port"));
        Files.writeString(dir.resolve("smtp.port.tmp"), Integer.toString(smtp.getLocalPort()));
        Files.move(dir.resolve("smtp.port.tmp"), dir.resolve("smtp.port"));
        while (true) {
            Socket s = smtp.accept();
            Thread.ofVirtual().start(() -> session(s, dir));
        }
    }

    private static void session(Socket s, Path dir) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = s.getOutputStream()) {
            say(out, "220 alert-sink ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (cmd) {
                    case "EHLO", "HELO" -> say(out, "250 alert-sink");
                    case "DATA" -> {
                        say(out, "354 end with <CRLF>.<CRLF>");
                        StringBuilder msg = new StringBuilder();
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            msg.append(line.startsWith("..") ? line.substring(1) : line).append('\n');
                        }
                        append(dir.resolve("mail.txt"), msg + "\n");
                        say(out, "250 queued");
                    }
                    case "QUIT" -> {
                        say(out, "221 bye");
                        return;
                    }
                    default -> say(out, "250 OK");
                }
            }
        } catch (IOException e) {
            System.err.println("smtp session: " + e);
        }
    }

    private static void say(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static synchronized void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
