package io.paperstream.ingest.api;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;

/** Requests as curl sends them: REST Assured would otherwise add "; charset=ISO-8859-1" to text/plain. */
final class DigestRequests {

    private static final RestAssuredConfig NO_DEFAULT_CHARSET = RestAssured.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    private DigestRequests() {
    }

    static RequestSpecification given() {
        return RestAssured.given().config(NO_DEFAULT_CHARSET);
    }

    static RequestSpecification digest(Object body) {
        return given().contentType("text/plain").body(body);
    }
}
