package io.lcnnserve.service.imaging;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG, PNG, BMP, GIF (first frame, at the frame's own size: a first frame smaller than
 * the GIF's logical screen is not placed on a screen-sized canvas as Pillow does) and WebP bytes
 * into 8-bit {@link RgbImage}s.
 *
 * <ul>
 *   <li>The format is chosen from the magic bytes, never from a name or content type.</li>
 *   <li>The dimensions are read from the header first; an image with more than {@code maxPixels}
 *       pixels is rejected with {@link ImageTooLargeException} before any pixel data is decoded.</li>
 *   <li>JPEGs are read with TwelveMonkeys (CMYK, YCCK, grayscale, lossless) and rotated or mirrored
 *       upright according to their EXIF orientation; embedded ICC profiles are ignored, as Pillow
 *       ignores them. PNG, BMP and GIF use the JDK readers; WebP uses TwelveMonkeys.</li>
 *   <li>Pixel conversion to RGB follows Pillow's {@code convert("RGB")}, with alpha composited onto
 *       white (see {@link RgbConversion}).</li>
 * </ul>
 *
 * <p>Thread-safe: every call creates its own reader.
 */
public final class ImageDecoder {
    /** 50 megapixels: above any camera photo a classifier needs, and ~150 MB of decoded RGB. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    static {
        // Decode in memory only: no temporary files for request bodies.
        ImageIO.setUseCache(false);
    }

    private static final ImageReaderSpi JPEG_READERS = registeredProvider(JPEGImageReaderSpi.class, JPEGImageReaderSpi::new);
    private static final ImageReaderSpi WEBP_READERS = registeredProvider(WebPImageReaderSpi.class, WebPImageReaderSpi::new);

    private final long maxPixels;

    public ImageDecoder(long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    public ImageDecoder() {
        this(DEFAULT_MAX_PIXELS);
    }

    public long maxPixels() {
        return maxPixels;
    }

    /**
     * Decodes {@code data} into upright 8-bit RGB.
     *
     * @throws UnsupportedImageFormatException if the bytes are not JPEG, PNG, BMP, GIF or WebP
     * @throws ImageTooLargeException if the header declares more than {@link #maxPixels()} pixels
     * @throws ImageDecodingException if the bytes cannot be decoded
     */
    public RgbImage decode(byte[] data) {
        ImageFormat format = ImageFormat.detect(data);
        if (format == ImageFormat.BMP) {
            checkBmpDimensions(data);
        }
        JpegHeader jpegHeader = format == ImageFormat.JPEG ? JpegHeader.parse(data) : null;
        byte[] readerInput = jpegHeader != null && jpegHeader.hasIccProfile() ? JpegHeader.withoutIccProfiles(data) : data;
        ImageReader reader = createReader(format);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(readerInput))) {
            reader.setInput(input, true, false);
            checkDimensions(reader.getWidth(0), reader.getHeight(0));
            RgbImage rgb;
            if (jpegHeader != null && jpegHeader.components() == 4) {
                // CMYK/YCCK: the raw components, converted the way libjpeg + Pillow do (TwelveMonkeys
                // would colour-manage them through whichever CMYK profile the machine has).
                rgb = RgbConversion.fromJpegCmyk(reader.readRaster(0, null), jpegHeader.adobeTransform());
            } else {
                rgb = RgbConversion.toRgb(reader.read(0, null));
            }
            rejectTruncation(format, warnings);
            return jpegHeader == null ? rgb : jpegHeader.orientation().apply(rgb);
        } catch (ImagingException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Readers signal corrupt input with IIOException but also with assorted runtime
            // exceptions (index out of bounds, negative array size, illegal argument).
            throw new ImageDecodingException("cannot decode " + format + " image of " + data.length + " bytes: "
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * libjpeg fills the missing part of a truncated JPEG with gray and only warns; Pillow refuses
     * such files ("image file is truncated"), and so do we.
     */
    private static void rejectTruncation(ImageFormat format, List<String> warnings) {
        for (String warning : warnings) {
            if (warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                throw new ImageDecodingException("truncated " + format + " image: " + warning);
            }
        }
    }

    /**
     * The JDK reader checks BI_RGB sizes against the data length but would allocate an RLE-compressed
     * bitmap of any declared size, so BMP dimensions are checked from the DIB header directly:
     * 16-bit fields in the 12-byte OS/2 core header, signed 32-bit ones (negative height = top-down)
     * in all later headers.
     */
    private void checkBmpDimensions(byte[] bmp) {
        if (bmp.length < 26) {
            throw new ImageDecodingException("BMP header truncated at " + bmp.length + " bytes");
        }
        ByteBuffer header = ByteBuffer.wrap(bmp).order(ByteOrder.LITTLE_ENDIAN);
        if (header.getInt(14) == 12) {
            checkDimensions(header.getShort(18) & 0xffff, header.getShort(20) & 0xffff);
        } else {
            checkDimensions(header.getInt(18), Math.abs((long) header.getInt(22)));
        }
    }

    private void checkDimensions(long width, long height) {
        if (width < 1 || height < 1) {
            throw new ImageDecodingException("image header declares an empty size " + width + "x" + height);
        }
        if (width * height > maxPixels) {
            throw new ImageTooLargeException(width, height, maxPixels);
        }
    }

    private static ImageReader createReader(ImageFormat format) {
        try {
            return switch (format) {
                case JPEG -> JPEG_READERS.createReaderInstance();
                case WEBP -> WEBP_READERS.createReaderInstance();
                case PNG, BMP, GIF -> jdkReader(format.name().toLowerCase(Locale.ROOT));
            };
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a " + format + " reader", e);
        }
    }

    /**
     * The registered instance of a TwelveMonkeys provider, registering a new one if the service
     * loader did not (e.g. under another class loader): the JPEG provider finds its JDK delegate
     * only on registration.
     */
    private static <T extends ImageReaderSpi> ImageReaderSpi registeredProvider(Class<T> type, Supplier<T> constructor) {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        T registered = registry.getServiceProviderByClass(type);
        if (registered != null) {
            return registered;
        }
        T provider = constructor.get();
        registry.registerServiceProvider(provider, ImageReaderSpi.class);
        return provider;
    }

    private static ImageReader jdkReader(String formatName) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(formatName);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (reader.getOriginatingProvider().getPluginClassName().startsWith("com.sun.imageio.plugins.")) {
                return reader;
            }
        }
        throw new IllegalStateException("the JDK's built-in " + formatName + " reader is not available");
    }
}
