package io.lcnnserve.service.config;

import io.lcnnserve.service.api.v2.InferRequestParser;
import io.lcnnserve.service.api.v2.InferResponseWriter;
import io.lcnnserve.service.imaging.ImageDecoder;
import io.lcnnserve.service.security.ManagementAuthInterceptor;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/** Beans of the HTTP layer: the management guard, the image decoder, the V2 codec, the OpenAPI header. */
@Configuration
@EnableConfigurationProperties(LcnnProperties.class)
public class WebConfig implements WebMvcConfigurer {
    /** The paths that change or enumerate the repository: Triton's repository extension. */
    public static final String MANAGEMENT_PATHS = "/v2/repository/**";

    private final LcnnProperties properties;

    public WebConfig(LcnnProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ManagementAuthInterceptor(properties.managementToken())).addPathPatterns(MANAGEMENT_PATHS);
    }

    @Bean
    ImageDecoder imageDecoder() {
        return new ImageDecoder(properties.limits().maxImagePixels());
    }

    @Bean
    InferRequestParser inferRequestParser(JsonMapper mapper) {
        return new InferRequestParser(mapper);
    }

    @Bean
    InferResponseWriter inferResponseWriter(JsonMapper mapper) {
        return new InferResponseWriter(mapper);
    }

    @Bean
    OpenAPI lcnnOpenApi() {
        return new OpenAPI()
            .info(new Info().title("lcnn-serve").version("v1")
                .description("Image classification, KServe V2 / Open Inference Protocol inference, per-layer "
                    + "profiling and model management for lightweight CNNs on CPUs. Errors are "
                    + "application/problem+json (RFC 9457).")
                .license(new License().name("Apache-2.0")))
            .components(new Components().addSecuritySchemes("management",
                new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                    .description("The management token (LCNN_MANAGEMENT_TOKEN)")));
    }
}
