package io.paperstream.e2e.browser;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a browser test class, saying why, where Chromium or chromedriver is missing; with
 * {@code PAPERSTREAM_REQUIRE_BROWSER=1} (CI) it lets the class run, so that its set-up fails instead.
 */
final class RequiresChromium implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return HeadlessChromium.missing()
                .filter(reason -> !HeadlessChromium.browserRequired())
                .map(reason -> {
                    String message = "Skipping the browser tests: " + reason + ". Set "
                            + HeadlessChromium.REQUIRE_BROWSER_ENV + "=1 to make this a failure.";
                    System.out.println("[browser] " + message); // surefire's summary does not show the reason
                    return ConditionEvaluationResult.disabled(message);
                })
                .orElseGet(() -> ConditionEvaluationResult.enabled("Chromium and chromedriver are installed,"
                        + " or " + HeadlessChromium.REQUIRE_BROWSER_ENV + "=1"));
    }
}
