package io.lcnnserve.core.plan;

import io.lcnnserve.core.graph.Node;

/**
 * One executed node of a plan: the slots it reads and writes ({@code -1} for an omitted
 * optional input or an unused output).
 */
public record Step(Node node, int[] inputSlots, int[] outputSlots) {
}
