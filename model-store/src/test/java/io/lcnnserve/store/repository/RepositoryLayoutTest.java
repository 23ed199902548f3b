package io.lcnnserve.store.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RepositoryLayoutTest {

    @Test
    void modelNamesArePlainNames() {
        assertThat(RepositoryLayout.isModelName("mobilenet_v2_1.0_224")).isTrue();
        assertThat(RepositoryLayout.isModelName("squeezenet1-1")).isTrue();
        for (String bad : new String[] {"..", ".", ".hidden", "a/b", "a\\b", "/etc", "", "a b", "x".repeat(129), "-x"}) {
            assertThat(RepositoryLayout.isModelName(bad)).as(bad).isFalse();
        }
    }

    @Test
    void traversalInAModelNameIsRejectedWithTheReason() {
        assertThatThrownBy(() -> RepositoryLayout.checkModelName("../etc"))
            .isInstanceOf(UnsafePathException.class)
            .hasMessageContaining("model name '../etc' is not allowed");
    }

    @Test
    void versionsArePositiveIntegersWithoutLeadingZeros() {
        assertThat(RepositoryLayout.parseVersion("1")).isEqualTo(OptionalLong.of(1));
        assertThat(RepositoryLayout.parseVersion("20240101")).isEqualTo(OptionalLong.of(20240101));
        for (String bad : new String[] {"0", "01", "-1", "1.0", "v1", "", "1 ", "99999999999999999999"}) {
            assertThat(RepositoryLayout.parseVersion(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void relativeFilePathsMayNotTraverseOrBeAbsolute() {
        assertThat(RepositoryLayout.checkRelativeFile("model.onnx")).isEqualTo("model.onnx");
        assertThat(RepositoryLayout.checkRelativeFile("weights/part-1.bin")).isEqualTo("weights/part-1.bin");
        assertThatThrownBy(() -> RepositoryLayout.checkRelativeFile("../../etc/passwd"))
            .hasMessageContaining("contains a '..' segment (path traversal)");
        assertThatThrownBy(() -> RepositoryLayout.checkRelativeFile("a/./b")).hasMessageContaining("'.' segment");
        assertThatThrownBy(() -> RepositoryLayout.checkRelativeFile("/etc/passwd")).hasMessageContaining("not a relative");
        assertThatThrownBy(() -> RepositoryLayout.checkRelativeFile("a//b")).hasMessageContaining("empty or disallowed");
        assertThatThrownBy(() -> RepositoryLayout.checkRelativeFile("..\\x")).hasMessageContaining("disallowed");
        assertThatThrownBy(() -> RepositoryLayout.checkRelativeFile("C:/x")).hasMessageContaining("disallowed");
    }

    @Test
    void unfinishedCopiesAndHiddenFilesAreRecognised() {
        assertThat(RepositoryLayout.isUnfinishedCopy("model.onnx.tmp")).isTrue();
        assertThat(RepositoryLayout.isUnfinishedCopy("weights.bin.PART")).isTrue();
        assertThat(RepositoryLayout.isUnfinishedCopy("model.onnx")).isFalse();
        assertThat(RepositoryLayout.isHidden(".model.onnx.Xa8s1")).isTrue();
        assertThat(RepositoryLayout.isHidden("sub/.cache/x")).isTrue();
        assertThat(RepositoryLayout.isHidden("sub/x")).isFalse();
    }
}
