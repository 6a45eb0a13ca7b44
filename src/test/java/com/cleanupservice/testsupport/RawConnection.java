package com.cleanupservice.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * A TCP connection to the service, for what an HTTP client library never sends: half a request line, a body shorter
 * than its Content-Length, a connection that says nothing at all.
 */
public final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private RawConnection(Socket socket) {
        this.socket = socket;
    }

    public static RawConnection open(SandboxApp app) {
        try {
            return new RawConnection(new Socket("127.0.0.1", app.port()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The head of a request, with {@code Host} and the given headers (each {@code "Name: value"}). */
    public static String head(String method, String path, String... headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    public RawConnection send(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the service closed the connection (end of stream, or a reset) within {@code limit}, reading whatever
     * it sent before; false if it is still open then.
     */
    public boolean closedWithin(Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        byte[] buffer = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) left);
                int n = in.read(buffer);
                if (n < 0) {
                    return true;
                }
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the service sent until it closed the connection; fails if it is still open after {@code limit}. */
    public Response readUntilClosed(Duration limit) {
        if (!closedWithin(limit)) {
            throw new AssertionError("the connection is still open after " + limit.toSeconds() + " s");
        }
        return received();
    }

    /** What the service sent so far, as one answer. */
    public Response received() {
        return Response.parse(received.toString(StandardCharsets.UTF_8));
    }

    /** The next answer on a connection kept alive (its body framed by Content-Length). */
    public Response readResponse(Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                String text = received.toString(StandardCharsets.UTF_8);
                if (complete(text)) {
                    received.reset();
                    return Response.parse(text);
                }
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    throw new AssertionError("no complete answer within " + limit.toSeconds() + " s: " + text);
                }
                socket.setSoTimeout((int) left);
                int b = in.read();
                if (b < 0) {
                    throw new AssertionError("the connection was closed before a complete answer: " + text);
                }
                received.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code text} holds a whole answer: its head, and its body as long as Content-Length says, or every chunk. */
    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        Response head = new Response(0, text.substring(0, end), "");
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
            return body.endsWith("0\r\n\r\n");
        }
        String length = head.header("Content-Length");
        return body.getBytes(StandardCharsets.UTF_8).length >= (length == null ? 0 : Integer.parseInt(length));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An answer as received: status, head and body; an empty one (nothing received) has status 0. */
    public record Response(int status, String head, String body) {
        static Response parse(String text) {
            if (text.isEmpty()) {
                return new Response(0, "", "");
            }
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : text.substring(end + 4);
            Response response = new Response(Integer.parseInt(head.split(" ", 3)[1]), head, body);
            return "chunked".equalsIgnoreCase(response.header("Transfer-Encoding")) ? response.dechunked() : response;
        }

        /** The body of a complete chunked answer, joined (chunk sizes count bytes: the bodies here are ASCII JSON). */
        private Response dechunked() {
            StringBuilder joined = new StringBuilder();
            int at = 0;
            while (true) {
                int line = body.indexOf("\r\n", at);
                int size = Integer.parseInt(body.substring(at, line).split(";")[0].trim(), 16);
                if (size == 0) {
                    return new Response(status, head, joined.toString());
                }
                joined.append(body, line + 2, line + 2 + size);
                at = line + 2 + size + 2;
            }
        }

        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }
}
