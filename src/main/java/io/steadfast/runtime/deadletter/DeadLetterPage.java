package io.steadfast.runtime.deadletter;

import java.util.List;

public record DeadLetterPage(List<DeadLetterView> items, int page, int size, long total) {
}
