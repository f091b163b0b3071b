/**
 * Tensor plumbing shared by the services: {@link dev.inspection.core.tensor.FloatTensor} (a float[]
 * with a shape), little-endian float32 and IEEE binary16 codecs for the wire and for raw files, and
 * {@link dev.inspection.core.tensor.RawTensorFiles} for headerless {@code .f32}/{@code .f16} files
 * such as the golden vectors.
 */
package dev.inspection.core.tensor;
