package io.lcnnserve.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lcnnserve.core.testing.BundledModels;
import io.lcnnserve.core.tensor.DataType;
import io.lcnnserve.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Session behaviour on a real model: input validation, batching, output ownership, threads. */
class SessionTest {
    private static Model model;

    @BeforeAll
    static void load() {
        model = BundledModels.load("mobilenet_v1_0.25_128");
    }

    private static Tensor image(int batch, float seed) {
        float[] data = new float[batch * 3 * 128 * 128];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.sin(i * 0.001 + seed * (1 + i / (3 * 128 * 128)));
        }
        return Tensor.of(data, batch, 3, 128, 128);
    }

    @Test
    void signatureComesFromTheModel() {
        assertThat(model.signature().inputs()).hasSize(1);
        assertThat(model.signature().inputs().get(0).toString()).isEqualTo("input: FLOAT [N, 3, 128, 128]");
        assertThat(model.signature().outputs().get(0).toString()).isEqualTo("logits: FLOAT [N, 1001]");
    }

    @Test
    void batchOfFourEqualsFourSingleRuns() {
        try (Session s = model.newSession()) {
            Tensor batch = image(4, 0.5f);
            float[] batched = s.run(Map.of("input", batch)).get("logits").toFloatArray();
            int per = 3 * 128 * 128;
            for (int b = 0; b < 4; b++) {
                float[] single = Arrays.copyOfRange(batch.floats(), b * per, (b + 1) * per);
                float[] out = s.run(Map.of("input", Tensor.of(single, 1, 3, 128, 128))).get("logits").toFloatArray();
                float[] slice = Arrays.copyOfRange(batched, b * 1001, (b + 1) * 1001);
                assertArrayEquals(out, slice, 1e-4f, "batch item " + b);
            }
        }
    }

    @Test
    void outputsBelongToTheCallerAndAreNotOverwrittenByTheNextRun() {
        try (Session s = model.newSession()) {
            Tensor first = s.run(Map.of("input", image(1, 1f))).get("logits");
            float[] snapshot = first.toFloatArray();
            Tensor second = s.run(Map.of("input", image(1, 2f))).get("logits");
            assertArrayEquals(snapshot, first.toFloatArray(), 0f);
            assertThat(second.toFloatArray()).isNotEqualTo(snapshot);
        }
    }

    @Test
    void twoIntraOpThreadsGiveTheSameAnswerAsOne() {
        Tensor input = image(2, 3f);
        try (Session one = model.newSession(); Session two = model.newSession(SessionOptions.defaults().withIntraOpThreads(2))) {
            assertArrayEquals(one.run(Map.of("input", input)).get("logits").toFloatArray(),
                two.run(Map.of("input", input)).get("logits").toFloatArray(), 1e-5f);
        }
    }

    @Test
    void optimizedAndReferenceGraphsAgree() {
        Tensor input = image(1, 4f);
        try (Session opt = model.newSession(); Session ref = model.newSession(SessionOptions.defaults().withOptimize(false))) {
            assertArrayEquals(ref.run(Map.of("input", input)).get("logits").toFloatArray(),
                opt.run(Map.of("input", input)).get("logits").toFloatArray(), 1e-4f);
        }
    }

    @Test
    void unknownInputNameListsTheModelsInputs() {
        try (Session s = model.newSession()) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> s.run(Map.of("image", image(1, 0))));
            assertThat(e.getMessage()).contains("has no input 'image'").contains("input: FLOAT [N, 3, 128, 128]");
        }
    }

    @Test
    void missingInputIsNamed() {
        try (Session s = model.newSession()) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> s.run(Map.of()));
            assertThat(e.getMessage()).contains("needs input 'input' (FLOAT [N, 3, 128, 128])");
        }
    }

    @Test
    void wrongElementTypeIsRejected() {
        try (Session s = model.newSession()) {
            Tensor ints = Tensor.zeros(DataType.INT32, 1, 3, 128, 128);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> s.run(Map.of("input", ints)));
            assertThat(e.getMessage()).isEqualTo("input 'input' must be FLOAT [N, 3, 128, 128], got INT32");
        }
    }

    @Test
    void wrongShapeStatesExpectedAndActual() {
        try (Session s = model.newSession()) {
            Tensor wrong = Tensor.zeros(DataType.FLOAT, 1, 3, 224, 224);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> s.run(Map.of("input", wrong)));
            assertThat(e.getMessage()).isEqualTo("input 'input' must have shape [N, 3, 128, 128], got [1, 3, 224, 224]");
        }
    }

    @Test
    void closedSessionRefusesToRun() {
        Session s = model.newSession();
        s.close();
        assertThrows(IllegalStateException.class, () -> s.run(Map.of("input", image(1, 0))));
    }

    @Test
    void arenaIsAllocatedOncePerBatchSize() {
        try (Session s = model.newSession()) {
            s.run(Map.of("input", image(1, 0)));
            long afterOne = s.arenaBytes();
            s.run(Map.of("input", image(1, 1)));
            assertThat(s.arenaBytes()).isEqualTo(afterOne).isPositive();
            s.run(Map.of("input", image(2, 1)));
            assertThat(s.arenaBytes()).isGreaterThan(afterOne);
        }
    }
}
