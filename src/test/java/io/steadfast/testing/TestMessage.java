package io.steadfast.testing;

import java.util.Map;

/**
 * A message as a test sends it.
 *
 * @param id message id, or {@code null} to send none
 * @param body the JSON (or not) text
 * @param dataSection send as a data section with content type application/json instead of an AMQP string value
 * @param groupId AMQP group-id, or {@code null}
 */
public record TestMessage(String id, String body, boolean dataSection, String groupId, Map<String, Object> properties) {

    public static TestMessage of(String id, String body) {
        return new TestMessage(id, body, false, null, Map.of());
    }

    public TestMessage asDataSection() {
        return new TestMessage(id, body, true, groupId, properties);
    }

    public TestMessage withProperty(String name, Object value) {
        java.util.Map<String, Object> copy = new java.util.HashMap<>(properties);
        copy.put(name, value);
        return new TestMessage(id, body, dataSection, groupId, copy);
    }

    public TestMessage withGroup(String group) {
        return new TestMessage(id, body, dataSection, group, properties);
    }
}
