/**
 * Test toolkit shared by every module through inference-core's test-jar.
 *
 * <ul>
 *   <li>{@link io.lcnnserve.core.testing.OnnxBuilder}: build ONNX models in code (inputs, initializers,
 *       typed attributes, external data); {@link io.lcnnserve.core.testing.CnnBlocks}: CNN blocks on top
 *       of it, numbers from {@link io.lcnnserve.core.testing.SeededParameters} (or calibrated ones).
 *   <li>{@link io.lcnnserve.core.testing.SyntheticModels}: the eight acceptance architectures with
 *       seeded, calibrated weights, built once per JVM, with seeded image-like sample inputs
 *       ({@link io.lcnnserve.core.testing.SyntheticImages}).
 *   <li>{@link io.lcnnserve.core.testing.OrtOracle}: ONNX Runtime as the reference executor;
 *       {@link io.lcnnserve.core.testing.OutputComparison}: the acceptance rule
 *       ({@code max|diff| <= 1e-4 x max|ref|}, same top-5) with diagnostic failures.
 *   <li>{@link io.lcnnserve.core.testing.Npy}, {@link io.lcnnserve.core.testing.Json},
 *       {@link io.lcnnserve.core.testing.ModelStats}, {@link io.lcnnserve.core.testing.BundledModels}.
 * </ul>
 *
 * <p>{@code OrtOracle} and {@code SyntheticModels} (whose calibration runs the graph while building
 * it) need {@code com.microsoft.onnxruntime:onnxruntime} on the test classpath: a module that uses
 * them declares it with test scope next to the test-jar.
 */
package io.lcnnserve.core.testing;
