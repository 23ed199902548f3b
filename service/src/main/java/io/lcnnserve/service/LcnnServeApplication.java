package io.lcnnserve.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The lcnn-serve HTTP server: image classification and KServe V2 inference over the model store. */
@SpringBootApplication
public class LcnnServeApplication {
    public static void main(String[] args) {
        SpringApplication.run(LcnnServeApplication.class, args);
    }
}
