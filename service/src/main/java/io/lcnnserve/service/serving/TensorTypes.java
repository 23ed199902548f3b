package io.lcnnserve.service.serving;

import io.lcnnserve.core.tensor.DataType;

/** Names of element types in the KServe V2 protocol. */
public final class TensorTypes {
    private TensorTypes() {
    }

    public static String v2Name(DataType type) {
        return switch (type) {
            case FLOAT -> "FP32";
            case DOUBLE -> "FP64";
            case INT64 -> "INT64";
            case INT32 -> "INT32";
            case UINT8 -> "UINT8";
            case INT8 -> "INT8";
            case BOOL -> "BOOL";
        };
    }
}
