package io.lcnnserve.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesNestedObjectsArraysAndScalars() {
        Map<String, Object> json = Json.parseObject("""
            {"name": "m\\u00e9\\"x\\"", "n": 42, "big": 5483032, "x": -1.5e-3, "shape": ["N", 3],
             "ok": true, "no": false, "none": null, "empty": {}, "list": []}
            """);

        assertThat(json).containsEntry("name", "mé\"x\"").containsEntry("n", 42L).containsEntry("big", 5483032L)
            .containsEntry("x", -1.5e-3).containsEntry("shape", List.of("N", 3L)).containsEntry("ok", true)
            .containsEntry("no", false).containsEntry("none", null).containsEntry("empty", Map.of()).containsEntry("list", List.of());
        assertThat(json.keySet()).startsWith("name", "n", "big");
    }

    @Test
    void rejectsMalformedTextWithItsOffset() {
        assertThatThrownBy(() -> Json.parse("{\"a\": 1} x")).hasMessageContaining("offset 9").hasMessageContaining("trailing");
        assertThatThrownBy(() -> Json.parse("[1, 2")).hasMessageContaining("expected ']'");
        assertThatThrownBy(() -> Json.parseObject("[1]")).hasMessageContaining("not an object");
    }
}
