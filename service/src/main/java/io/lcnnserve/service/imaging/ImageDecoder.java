package io.lcnnserve.service.imaging;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG, PNG, BMP, GIF (first frame) and WebP bytes into 8-bit {@link RgbImage}s.
 *
 * <ul>
 *   <li>The format is chosen from the magic bytes, never from a name or content type.</li>
 *   <li>The dimensions are read from the header first; an image with more than {@code maxPixels}
 *       pixels is rejected with {@link ImageTooLargeException} before any pixel data is decoded.</li>
 *   <li>JPEGs are read with TwelveMonkeys (CMYK, YCCK, grayscale, broken ICC profiles) and rotated
 *       or mirrored upright according to their EXIF orientation; PNG, BMP and GIF use the JDK
 *       readers; WebP uses TwelveMonkeys.</li>
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

    private static final ImageReaderSpi JPEG_READERS = registeredProvider(JPEGImageReaderSpi.class, new JPEGImageReaderSpi());
    private static final ImageReaderSpi WEBP_READERS = registeredProvider(WebPImageReaderSpi.class, new WebPImageReaderSpi());

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
        ImageReader reader = createReader(format);
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(input, true, false);
            checkDimensions(reader.getWidth(0), reader.getHeight(0));
            BufferedImage decoded = reader.read(0, readParam(reader, format));
            RgbImage rgb = RgbConversion.toRgb(decoded);
            return format == ImageFormat.JPEG ? ExifOrientation.ofJpeg(data).apply(rgb) : rgb;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImagingException imagingException) {
                throw imagingException;
            }
            // Readers signal corrupt input with IIOException but also with assorted runtime
            // exceptions (index out of bounds, negative array size, illegal argument).
            throw new ImageDecodingException("cannot decode " + format + " image of " + data.length + " bytes: "
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } finally {
            reader.dispose();
        }
    }

    private void checkDimensions(int width, int height) {
        if (width < 1 || height < 1) {
            throw new ImageDecodingException("image header declares an empty size " + width + "x" + height);
        }
        if ((long) width * height > maxPixels) {
            throw new ImageTooLargeException(width, height, maxPixels);
        }
    }

    private static ImageReader createReader(ImageFormat format) {
        try {
            return switch (format) {
                case JPEG -> JPEG_READERS.createReaderInstance();
                case WEBP -> WEBP_READERS.createReaderInstance();
                case PNG, BMP, GIF -> jdkReader(format.name().toLowerCase(java.util.Locale.ROOT));
            };
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a " + format + " reader", e);
        }
    }

    /**
     * The registered instance of a TwelveMonkeys provider, registering {@code fresh} if the service
     * loader did not (e.g. under another class loader): the JPEG provider finds its JDK delegate
     * only on registration.
     */
    private static <T extends ImageReaderSpi> ImageReaderSpi registeredProvider(Class<T> type, T fresh) {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        T registered = registry.getServiceProviderByClass(type);
        if (registered != null) {
            return registered;
        }
        registry.registerServiceProvider(fresh, ImageReaderSpi.class);
        return fresh;
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

    /**
     * CMYK/YCCK JPEGs are read as raw CMYK (TwelveMonkeys would otherwise colour-manage them through
     * an ICC profile) so that {@link RgbConversion} can apply Pillow's CMYK to RGB formula.
     */
    private static ImageReadParam readParam(ImageReader reader, ImageFormat format) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        if (format == ImageFormat.JPEG) {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            while (types.hasNext()) {
                ImageTypeSpecifier type = types.next();
                if (type.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_CMYK) {
                    param.setDestinationType(type);
                    break;
                }
            }
        }
        return param;
    }
}
