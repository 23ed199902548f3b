/**
 * Fast CPU kernels that the reference ops are swapped for, one algorithm family per package, all
 * pure functions over {@code float[]} + offsets (no dependency on ops, graphs or tensors):
 *
 * <ul>
 *   <li>{@code gemm}: packed, register-blocked SGEMM ({@link io.lcnnserve.core.kernels.gemm.Sgemm}),
 *       weights pre-packed once ({@link io.lcnnserve.core.kernels.gemm.PackedMatrix}), bias +
 *       {@link io.lcnnserve.core.kernels.Activation} epilogue.</li>
 *   <li>{@code conv}: pointwise and im2col convolutions as GEMM on NCHW.</li>
 *   <li>{@code depthwise}: depthwise 3x3, stride 1/2, fused bias + activation.</li>
 *   <li>{@code activation}, {@code elementwise}, {@code pool}: vectorized activations (exact and
 *       fast), Add/Mul, max and global-average pooling.</li>
 *   <li>{@code parallel}: {@link io.lcnnserve.core.kernels.parallel.Parallel}, static splitting over a
 *       fixed set of threads.</li>
 * </ul>
 *
 * <p>Vector width and the scalar debugging switch are chosen once in
 * {@link io.lcnnserve.core.kernels.KernelConfig}. Kernels use per-thread scratch
 * ({@link io.lcnnserve.core.kernels.ScratchBuffers}) and allocate nothing after their first call.
 * Vector API code is very slow until the JIT has compiled it (the interpreter boxes every vector),
 * so a session should run a few warm-up inferences before serving.
 */
package io.lcnnserve.core.kernels;
