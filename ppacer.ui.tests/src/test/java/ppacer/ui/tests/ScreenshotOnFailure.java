package ppacer.ui.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * Saves a screenshot and the page's HTML under {@code target/screenshots/} when a test fails. Runs
 * right after the test method, before {@code @AfterEach}, while the browser still shows the page.
 */
final class ScreenshotOnFailure implements AfterTestExecutionCallback {
    private final Supplier<WebDriver> driver;

    ScreenshotOnFailure(Supplier<WebDriver> driver) {
        this.driver = driver;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) throws IOException {
        WebDriver d = driver.get();
        if (context.getExecutionException().isEmpty() || d == null) {
            return;
        }
        Path dir = Path.of(System.getProperty("ppacer.ui.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        Path png = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve(name + ".html"), "<!-- " + d.getCurrentUrl() + " -->\n" + d.getPageSource());
        System.err.println("Screenshot of the failed test: " + dir.resolve(name + ".png").toAbsolutePath());
    }
}
