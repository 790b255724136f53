package org.cncertrelay.digest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SMTP server on 127.0.0.1 for what GreenMail cannot do: answer 550 to RCPT for chosen addresses, and
 * hang up with 421 once a number of messages were accepted. Records the RCPT addresses of accepted messages.
 */
final class FakeSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Set<String> rejected;
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final List<String> rcptSeen = new CopyOnWriteArrayList<>();
    private volatile int acceptBeforeHangUp = Integer.MAX_VALUE;

    FakeSmtpServer(Set<String> rejected) throws IOException {
        this.rejected = rejected;
        this.socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(this::serve, "fake-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** After this many more accepted messages the server answers 421 and closes the connection. */
    void hangUpAfter(int messages) {
        acceptBeforeHangUp = messages;
    }

    List<String> delivered() {
        return delivered;
    }

    List<String> rcptSeen() {
        return rcptSeen;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                converse(new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8)),
                        new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the client went away or the server was closed; the loop condition decides
            }
        }
    }

    private void converse(BufferedReader in, Writer out) throws IOException {
        reply(out, "220 fake.local ESMTP");
        String recipient = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                reply(out, "250 fake.local");
            } else if (command.startsWith("MAIL FROM")) {
                if (acceptBeforeHangUp <= 0) {
                    reply(out, "421 4.3.2 shutting down");
                    return;
                }
                reply(out, "250 OK");
            } else if (command.startsWith("RCPT TO")) {
                String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                rcptSeen.add(address);
                if (rejected.contains(address)) {
                    reply(out, "550 5.1.1 <" + address + ">: no such user");
                } else {
                    recipient = address;
                    reply(out, "250 OK");
                }
            } else if (command.equals("DATA")) {
                reply(out, "354 go ahead");
                for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                    // the content is GreenMail's to check; this server only counts deliveries
                }
                delivered.add(recipient);
                acceptBeforeHangUp--;
                reply(out, "250 OK queued");
            } else if (command.equals("QUIT")) {
                reply(out, "221 bye");
                return;
            } else {
                reply(out, "250 OK");
            }
        }
    }

    private static void reply(Writer out, String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
