package io.lcnnserve.store.config;

/** The order of the colour channels the model expects along its channel axis. */
public enum ChannelOrder {
    RGB,
    BGR
}
