package io.steadfast.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import io.steadfast.testing.Ledgers;

/** The benchmark's load: unique transfers with random amounts between random distinct accounts. */
final class Transfers {

    record Transfer(UUID id, String from, String to, long amount) {

        String messageId() {
            return "m-" + id;
        }

        byte[] body() {
            return Ledgers.transfer(id.toString(), from, to, amount, "EUR").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Large enough that no benchmark's transfers are ever rejected for insufficient funds. */
    static final long OPENING_BALANCE = 1_000_000_000L;

    private final Random random;
    private final int accounts;

    Transfers(long seed, int accounts) {
        this.random = new Random(seed);
        this.accounts = accounts;
    }

    static String account(int index) {
        return "acc-" + index;
    }

    List<Transfer> next(int count) {
        List<Transfer> transfers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = random.nextInt(accounts);
            int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
            transfers.add(new Transfer(new UUID(random.nextLong(), random.nextLong()), account(from), account(to),
                    1 + random.nextInt(1_000)));
        }
        return transfers;
    }
}
