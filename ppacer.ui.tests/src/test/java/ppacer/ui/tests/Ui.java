package ppacer.ui.tests;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page as the tests see it: navigation by deep link, waits on conditions (never sleeps) and
 * clicks that survive the live re-rendering of the page.
 */
final class Ui {
    private final WebDriver driver;
    private final URI base;
    private final WebDriverWait wait;

    Ui(WebDriver driver, URI base, Duration timeout) {
        this.driver = driver;
        this.base = base;
        this.wait = new WebDriverWait(driver, timeout);
        wait.ignoring(StaleElementReferenceException.class);
    }

    WebDriver driver() {
        return driver;
    }

    /** Opens a deep link such as {@code #/dags/etl}. */
    void open(String hash) {
        driver.get(base + "/" + hash);
    }

    <T> T until(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    WebElement visible(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void present(String css) {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Clicks, finding the element again if a refresh replaced it in between. */
    void click(String css) {
        wait.until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            if (found.isEmpty() || !found.get(0).isDisplayed() || !found.get(0).isEnabled()) {
                return false;
            }
            try {
                found.get(0).click();
                return true;
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
    }

    /** Waits for the confirmation dialog and accepts it. */
    void confirm() {
        visible("dialog#confirm[open] #confirm-ok");
        driver.findElement(By.id("confirm-ok")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog#confirm[open]")));
    }

    String text(String css) {
        return visible(css).getText();
    }

    void textContains(String css, String part) {
        wait.until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return !found.isEmpty() && found.get(0).getText().contains(part);
        });
    }

    /** @return the run id of a {@code #/runs/N} page, once the URL shows one */
    long runIdFromUrl() {
        wait.until(ExpectedConditions.urlMatches("#/runs/\\d+$"));
        String url = driver.getCurrentUrl();
        return Long.parseLong(url.substring(url.lastIndexOf('/') + 1));
    }
}
