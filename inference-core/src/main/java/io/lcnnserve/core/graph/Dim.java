package io.lcnnserve.core.graph;

/** One dimension of a declared shape: a fixed size, or a symbol such as {@code "N"} bound at run time. */
public record Dim(int value, String symbol) {

    public static Dim of(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative dimension " + value);
        }
        return new Dim(value, null);
    }

    /** A dimension whose size is only known at run time; {@code symbol} may be empty (anonymous). */
    public static Dim symbolic(String symbol) {
        return new Dim(-1, symbol == null ? "" : symbol);
    }

    public boolean isFixed() {
        return symbol == null;
    }

    @Override
    public String toString() {
        return isFixed() ? Integer.toString(value) : (symbol.isEmpty() ? "?" : symbol);
    }
}
