package ppacer.api.protocol;

import java.util.Map;

/**
 * One unfinished task's reason in a run's answer ({@link RunWhyAnswer}); the fields of {@link WhyAnswer}.
 *
 * @param taskId the task
 * @param reason the kind
 * @param message one sentence
 * @param details the facts behind it
 */
public record TaskWhyAnswer(String taskId, String reason, String message, Map<String, Object> details) {
}
