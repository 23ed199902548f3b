package io.lcnnserve.core.kernels.conv;

import io.lcnnserve.core.kernels.Activation;

/** The direct seven-loop convolution every fast convolution kernel is compared against. */
public final class ConvReference {

    private ConvReference() {
    }

    public static float[] convolve(ConvShape s, int batch, float[] input, float[] weights, float[] bias,
                                   Activation activation) {
        int outH = s.outHeight();
        int outW = s.outWidth();
        int cg = s.inputChannelsPerGroup();
        int mg = s.outChannelsPerGroup();
        float[] out = new float[batch * s.outChannels() * outH * outW];
        for (int n = 0; n < batch; n++) {
            for (int m = 0; m < s.outChannels(); m++) {
                int g = m / mg;
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        double sum = bias == null ? 0 : bias[m];
                        for (int c = 0; c < cg; c++) {
                            int inChannel = g * cg + c;
                            for (int ky = 0; ky < s.kernelH(); ky++) {
                                int iy = oy * s.strideH() - s.padTop() + ky * s.dilationH();
                                for (int kx = 0; kx < s.kernelW(); kx++) {
                                    int ix = ox * s.strideW() - s.padLeft() + kx * s.dilationW();
                                    if (iy < 0 || iy >= s.height() || ix < 0 || ix >= s.width()) {
                                        continue;
                                    }
                                    float x = input[((n * s.channels() + inChannel) * s.height() + iy) * s.width() + ix];
                                    float w = weights[((m * cg + c) * s.kernelH() + ky) * s.kernelW() + kx];
                                    sum += (double) x * w;
                                }
                            }
                        }
                        out[((n * s.outChannels() + m) * outH + oy) * outW + ox] = activation.apply((float) sum);
                    }
                }
            }
        }
        return out;
    }
}
