package io.lcnnserve.service.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Builders of test image bytes: encodings via the JDK writers, hand-made headers, EXIF segments. */
final class TestImages {

    private TestImages() {
    }

    static byte[] resource(String name) {
        try (InputStream in = TestImages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code image} encoded by the JDK's writer for {@code format} ("png", "gif", "bmp"). */
    static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no " + format + " writer accepts " + image);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code image} as a baseline JPEG of the given quality (0..1) from the JDK's writer. */
    static byte[] jpeg(BufferedImage image, float quality) {
        return writeJpeg(new IIOImage(image, null, null), quality);
    }

    private static byte[] writeJpeg(IIOImage image, float quality) {
        return writeWith("jpeg", writer -> {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, image, param);
        });
    }

    /** An animated GIF whose frames are {@code frames}, in order. */
    static byte[] gifSequence(List<BufferedImage> frames) {
        return writeWith("gif", writer -> {
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        });
    }

    private interface WriterAction {
        void writeTo(ImageWriter writer) throws IOException;
    }

    /** The bytes {@code action} writes with the JDK's writer for {@code format}. */
    private static byte[] writeWith(String format, WriterAction action) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            action.writeTo(writer);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** A {@code width x height} TYPE_INT_RGB image split into four quadrants of the given 0xRRGGBB colours. */
    static BufferedImage quadrants(int width, int height, int topLeft, int topRight, int bottomLeft, int bottomRight) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean right = x >= width / 2;
                boolean bottom = y >= height / 2;
                image.setRGB(x, y, bottom ? (right ? bottomRight : bottomLeft) : (right ? topRight : topLeft));
            }
        }
        return image;
    }

    /** A gray image (R = G = B) with the given values, row-major; missing values are 0. */
    static RgbImage grayImage(int width, int height, int... values) {
        byte[] pixels = new byte[width * height * 3];
        for (int i = 0; i < values.length; i++) {
            java.util.Arrays.fill(pixels, i * 3, i * 3 + 3, (byte) values[i]);
        }
        return new RgbImage(width, height, pixels);
    }

    /** The RGB of the centre pixel of each quadrant (TL, TR, BL, BR), as 0xRRGGBB. */
    static int[] quadrantCentres(RgbImage image) {
        int w = image.width();
        int h = image.height();
        return new int[] {
            rgb(image, w / 4, h / 4), rgb(image, 3 * w / 4, h / 4),
            rgb(image, w / 4, 3 * h / 4), rgb(image, 3 * w / 4, 3 * h / 4)};
    }

    static int rgb(RgbImage image, int x, int y) {
        return image.sample(x, y, 0) << 16 | image.sample(x, y, 1) << 8 | image.sample(x, y, 2);
    }

    /** Largest per-channel difference between two 0xRRGGBB colours. */
    static int channelDistance(int a, int b) {
        int max = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            max = Math.max(max, Math.abs((a >> shift & 0xff) - (b >> shift & 0xff)));
        }
        return max;
    }

    /** {@code jpeg} with an APP1 EXIF segment holding only an Orientation tag, inserted right after SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean bigEndian) {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        if (bigEndian) {
            tiff.writeBytes(new byte[] {'M', 'M'});
        } else {
            tiff.writeBytes(new byte[] {'I', 'I'});
        }
        write16(tiff, 42, bigEndian);
        write32(tiff, 8, bigEndian); // IFD0 right after the header
        write16(tiff, 1, bigEndian); // one entry
        write16(tiff, 0x0112, bigEndian); // Orientation
        write16(tiff, 3, bigEndian); // SHORT
        write32(tiff, 1, bigEndian); // count
        write16(tiff, orientation, bigEndian); // value, left-justified
        write16(tiff, 0, bigEndian);
        write32(tiff, 0, bigEndian); // no next IFD
        return withApp1(jpeg, concat("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), tiff.toByteArray()));
    }

    /** {@code jpeg} with an APP1 segment of the given payload inserted right after SOI. */
    static byte[] withApp1(byte[] jpeg, byte[] payload) {
        return withSegment(jpeg, 0xe1, payload);
    }

    /** {@code jpeg} with an Adobe APP14 segment declaring the given colour transform, right after SOI. */
    static byte[] withAdobeTransform(byte[] jpeg, int transform) {
        byte[] adobe = {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform};
        return withSegment(jpeg, 0xee, adobe);
    }

    /** {@code jpeg} with {@code profile} in a single APP2 ICC_PROFILE segment (chunk 1 of 1), right after SOI. */
    static byte[] withIccProfile(byte[] jpeg, byte[] profile) {
        byte[] header = "ICC_PROFILE\0\1\1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return withSegment(jpeg, 0xe2, concat(header, profile));
    }

    private static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xff);
        out.write(0xd8);
        out.write(0xff);
        out.write(marker);
        write16(out, payload.length + 2, true);
        out.writeBytes(payload);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /**
     * A 32x32 4-component JPEG whose quadrants (TL, TR, BL, BR) store the given raw component
     * values, written by the JDK without colour conversion and without any APP segment.
     */
    static byte[] fourComponentJpeg(int[] topLeft, int[] topRight, int[] bottomLeft, int[] bottomRight) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 32, 4, null);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                raster.setPixel(x, y, y < 16 ? (x < 16 ? topLeft : topRight) : (x < 16 ? bottomLeft : bottomRight));
            }
        }
        return writeJpeg(new IIOImage(raster, null, null), 1.0f);
    }

    /** A PNG with a valid IHDR claiming {@code width x height} RGB pixels and no pixel data at all. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        write32(ihdr, width, true);
        write32(ihdr, height, true);
        ihdr.writeBytes(new byte[] {8, 2, 0, 0, 0}); // 8-bit, truecolour, deflate, no filter, no interlace
        writePngChunk(out, "IHDR", ihdr.toByteArray());
        writePngChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void writePngChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        write32(out, data.length, true);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        write32(out, (int) crc.getValue(), true);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static void write16(ByteArrayOutputStream out, int value, boolean bigEndian) {
        if (bigEndian) {
            out.write(value >> 8 & 0xff);
            out.write(value & 0xff);
        } else {
            out.write(value & 0xff);
            out.write(value >> 8 & 0xff);
        }
    }

    static void write32(ByteArrayOutputStream out, int value, boolean bigEndian) {
        if (bigEndian) {
            write16(out, value >>> 16, true);
            write16(out, value & 0xffff, true);
        } else {
            write16(out, value & 0xffff, false);
            write16(out, value >>> 16, false);
        }
    }
}
