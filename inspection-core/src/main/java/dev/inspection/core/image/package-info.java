/**
 * Camera-image intake and the network's input preprocessing.
 *
 * <ul>
 *   <li>{@link dev.inspection.core.image.ImageDecoder}: PNG/JPEG/BMP bytes to
 *       {@link dev.inspection.core.image.RgbImage}, with header checks (size limits, bit depth, CMYK)
 *       done by {@link dev.inspection.core.image.ImageHeaderReader} before any pixel is decoded.</li>
 *   <li>{@link dev.inspection.core.image.PillowResize}: a bit-exact port of Pillow's antialiased
 *       BILINEAR resize (and its NEAREST resize for masks).</li>
 *   <li>{@link dev.inspection.core.image.Preprocessor}: torchvision Resize + CenterCrop + ToTensor +
 *       Normalize into a caller-given NCHW float buffer.</li>
 * </ul>
 */
package dev.inspection.core.image;
