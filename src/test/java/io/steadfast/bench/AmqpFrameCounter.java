package io.steadfast.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A loopback TCP relay between a contender and the broker that counts the AMQP 1.0 frames crossing it, by
 * performative and direction: what "AMQP frames per transfer" is measured with. Written by hand because nothing on
 * this machine counts frames per performative (the broker's metrics count messages, not frames), and a relay sees
 * every connection a contender opens (its channels, its sender, its relay) without changing any of them.
 * <p>
 * It reads the stream as the specification frames it: a protocol header ({@code AMQP} and four bytes) at the start
 * of the connection and again after SASL, then frames of a four-byte size, a data offset, a type and a channel; an
 * AMQP frame's body begins with its performative, a described list whose descriptor is a small ulong (0x10 open to
 * 0x18 close). Frames of eight bytes are empty (heartbeats) and counted apart.
 */
final class AmqpFrameCounter implements AutoCloseable {

    /** The performatives, by descriptor code minus 0x10. */
    static final List<String> PERFORMATIVES = List.of("open", "begin", "attach", "flow", "transfer", "disposition",
            "detach", "end", "close");
    private static final int OTHER = PERFORMATIVES.size();
    private static final int EMPTY = OTHER + 1;

    /** Frames one way: from the contender to the broker ({@code TO_BROKER}) or back. */
    static final int TO_BROKER = 0;
    static final int TO_CLIENT = 1;

    private final ServerSocket server;
    private final int brokerPort;
    private final AtomicLongArray[] counts = { new AtomicLongArray(EMPTY + 1), new AtomicLongArray(EMPTY + 1) };
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    AmqpFrameCounter(int brokerPort) throws IOException {
        this.brokerPort = brokerPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::accept, "amqp-frame-counter");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port contenders connect to instead of the broker's. */
    int port() {
        return server.getLocalPort();
    }

    /** The frames counted so far, by direction, then by performative (then "other", then empty frames). */
    long[][] snapshot() {
        long[][] copy = new long[2][EMPTY + 1];
        for (int direction = 0; direction < 2; direction++) {
            for (int kind = 0; kind <= EMPTY; kind++) {
                copy[direction][kind] = counts[direction].get(kind);
            }
        }
        return copy;
    }

    /** Frames of a performative, both ways, between two snapshots. */
    static long between(long[][] before, long[][] after, String performative) {
        int kind = PERFORMATIVES.indexOf(performative);
        return after[TO_BROKER][kind] - before[TO_BROKER][kind] + after[TO_CLIENT][kind] - before[TO_CLIENT][kind];
    }

    /** Frames of a performative sent by the contender (to the broker), between two snapshots. */
    static long sentBetween(long[][] before, long[][] after, String performative) {
        int kind = PERFORMATIVES.indexOf(performative);
        return after[TO_BROKER][kind] - before[TO_BROKER][kind];
    }

    /** Every non-empty frame, both ways, between two snapshots. */
    static long allBetween(long[][] before, long[][] after) {
        long sum = 0;
        for (int direction = 0; direction < 2; direction++) {
            for (int kind = 0; kind < EMPTY; kind++) {
                sum += after[direction][kind] - before[direction][kind];
            }
        }
        return sum;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(broker);
                pump(client, broker, TO_BROKER);
                pump(broker, client, TO_CLIENT);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, int direction) {
        Thread thread = new Thread(() -> {
            Parser parser = new Parser(counts[direction]);
            byte[] chunk = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(chunk)) > 0) {
                    out.write(chunk, 0, read);
                    out.flush();
                    parser.feed(chunk, read);
                }
            } catch (IOException gone) {
                // One side closed: close the other, the relay for this connection ends.
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }, "amqp-frame-counter-" + (direction == TO_BROKER ? "out" : "in"));
        thread.setDaemon(true);
        thread.start();
    }

    /** Splits one direction's bytes into protocol headers and frames, counting each frame once it is whole. */
    private static final class Parser {

        private final AtomicLongArray counts;
        private byte[] pending = new byte[0];

        Parser(AtomicLongArray counts) {
            this.counts = counts;
        }

        void feed(byte[] chunk, int length) {
            byte[] bytes = Arrays.copyOf(pending, pending.length + length);
            System.arraycopy(chunk, 0, bytes, pending.length, length);
            int at = 0;
            while (bytes.length - at >= 8) {
                if (bytes[at] == 'A' && bytes[at + 1] == 'M' && bytes[at + 2] == 'Q' && bytes[at + 3] == 'P') {
                    at += 8; // a protocol header
                    continue;
                }
                int size = ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8)
                        | (bytes[at + 3] & 0xff);
                if (size < 8) {
                    throw new IllegalStateException("Not an AMQP frame: size " + size);
                }
                if (bytes.length - at < size) {
                    break;
                }
                counts.incrementAndGet(kind(bytes, at, size));
                at += size;
            }
            pending = Arrays.copyOfRange(bytes, at, bytes.length);
        }

        private static int kind(byte[] bytes, int at, int size) {
            int bodyAt = at + (bytes[at + 4] & 0xff) * 4;
            if (size == 8 || bodyAt >= at + size) {
                return EMPTY;
            }
            // A described type (0x00), its descriptor a small ulong (0x53 code) or a ulong (0x80, eight bytes).
            if (bytes[at + 5] == 0 && bytes[bodyAt] == 0 && bodyAt + 2 < at + size) {
                long code = -1;
                if (bytes[bodyAt + 1] == 0x53) {
                    code = bytes[bodyAt + 2] & 0xff;
                } else if (bytes[bodyAt + 1] == (byte) 0x80 && bodyAt + 9 < at + size) {
                    code = bytes[bodyAt + 9] & 0xff;
                }
                if (code >= 0x10 && code <= 0x18) {
                    return (int) code - 0x10;
                }
            }
            return OTHER;
        }
    }
}
