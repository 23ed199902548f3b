package io.lcnnserve.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The lcnn-serve HTTP server: image classification and KServe V2 inference over the model store. */
@SpringBootApplication
public class LcnnServeApplication {
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    public static void main(String[] args) {
        // The inference kernels use the Vector API, an incubator module the JVM only resolves on request.
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            System.err.println("lcnn-serve needs the " + VECTOR_MODULE + " module: start it with\n"
                + "  java --add-modules " + VECTOR_MODULE + " -jar service/target/lcnn-serve.jar");
            System.exit(2);
        }
        SpringApplication.run(LcnnServeApplication.class, args);
    }
}
