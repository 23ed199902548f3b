package io.lcnnserve.service.imaging;

/** The order of the colour planes in the model's input tensor. */
public enum ChannelOrder {
    RGB,
    BGR
}
