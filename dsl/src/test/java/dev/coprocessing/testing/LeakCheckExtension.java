package dev.coprocessing.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The same leak check for JUnit test classes, registered for every class by service auto-detection. */
public final class LeakCheckExtension implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) {
        LeakCheck.assertNothingLive("after " + context.getDisplayName());
    }
}
