package ppacer.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ppacer.api.Ids;
import ppacer.api.TaskOutput;
import ppacer.api.protocol.DagRunTaskStatus;
import ppacer.api.protocol.LogLine;
import ppacer.api.protocol.OutputBody;
import ppacer.api.protocol.ReportVerdict;
import ppacer.api.protocol.TaskToExec;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.TaskLogRecord;
import ppacer.scheduler.model.InvalidInputException;
import ppacer.scheduler.model.ReportResult;
import ppacer.scheduler.model.TaskLease;
import ppacer.scheduler.model.TaskOutcome;

/**
 * The executor protocol's messages ({@code ppacer.api.protocol}) to and from the scheduler's Java
 * API, for HTTP and in-process executors alike, so that both links hand out, judge and store the
 * same way: a lease becomes a {@link TaskToExec}, a reported status a {@link TaskOutcome}, a log
 * batch {@link TaskLogRecord}s under one set of limits, a report's result a {@link ReportVerdict}.
 */
public final class ExecutorMessages {
    /** Most log records in one batch. */
    public static final int MAX_LOG_RECORDS = 5_000;
    /** Longest log message kept; longer ones are cut and marked. */
    public static final int MAX_LOG_MESSAGE = 64 * 1024;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private ExecutorMessages() {
    }

    /**
     * @param lease the lease
     * @param zone the zone logical times are shown in
     * @param maxOutputBytes the largest output the scheduler accepts
     * @return the message for the executor, with the parents' outputs
     */
    public static TaskToExec toExec(TaskLease lease, ZoneId zone, int maxOutputBytes) {
        Map<String, Object> params;
        if (lease.paramsJson().equals("{}")) {
            params = Map.of();
        } else {
            try {
                params = JsonBody.MAPPER.readValue(lease.paramsJson(), MAP);
            } catch (IOException e) {
                params = Map.of();
            }
        }
        return new TaskToExec(lease.dagId(), Times.EXEC_TS.format(lease.logicalTime().atZone(zone)), lease.taskId(),
                lease.attempt(), lease.runId(), lease.token(), lease.leaseDeadline().toString(), lease.timeout().toMillis(),
                params, inputs(lease.inputs()), maxOutputBytes, lease.item().map(i -> i.index()).orElse(null),
                lease.item().map(i -> i.json()).orElse(null), lease.traceparent().isEmpty() ? null : lease.traceparent(),
                lease.bundleHash().orElse(null), lease.triggeringEvents().stream().map(ppacer.api.protocol.AssetEventView::of).toList());
    }

    private static Map<String, OutputBody> inputs(Map<String, TaskOutput> inputs) {
        if (inputs.isEmpty()) {
            return Map.of();
        }
        Map<String, OutputBody> out = new java.util.HashMap<>();
        inputs.forEach((id, o) -> out.put(id, OutputBody.of(o)));
        return out;
    }

    /**
     * A reported status ({@code DagRunTaskStatus.status}, {@code taskError}) as an outcome.
     *
     * @param status {@code SUCCESS} or {@code FAILED}
     * @param taskError the failure's text, may be null
     * @return the outcome
     * @throws InvalidInputException about field {@code status} for any other status
     */
    public static TaskOutcome outcome(String status, String taskError) {
        return outcome(status, taskError, null, null);
    }

    /**
     * A reported status as an outcome, with a branch decision (SUCCESS) or a reason (SKIPPED).
     *
     * @param s the report
     * @return the outcome
     * @throws InvalidInputException naming the field that is not valid
     */
    public static TaskOutcome outcome(DagRunTaskStatus s) {
        boolean deferral = s.deferUntil() != null || s.deferTimeoutMs() != null || s.deferBackoff() != null;
        if (deferral && !"DEFERRED".equals(s.status())) {
            throw InvalidInputException.ofField("deferUntil", "Fields 'deferUntil', 'deferTimeoutMs' and 'deferBackoff' "
                    + "go with status DEFERRED only, not with '" + HttpProblem.shown(String.valueOf(s.status())) + "'");
        }
        if ("DEFERRED".equals(s.status())) {
            return deferred(s);
        }
        return outcome(s.status(), s.taskError(), s.branch(), s.reason(), s.output());
    }

    /** A DEFERRED report: a due instant, an optional positive timeout, an optional backoff; no branch or output. */
    private static TaskOutcome deferred(DagRunTaskStatus s) {
        if (s.output() != null || s.branch() != null) {
            throw InvalidInputException.ofField(s.output() != null ? "output" : "branch", "Fields 'output' and 'branch' "
                    + "go with status SUCCESS only, not with 'DEFERRED'");
        }
        if (s.deferUntil() == null) {
            throw InvalidInputException.ofField("deferUntil", "Field 'deferUntil' (an ISO-8601 instant) is required with "
                    + "status DEFERRED");
        }
        java.time.Instant until;
        try {
            until = java.time.Instant.parse(s.deferUntil());
        } catch (java.time.format.DateTimeParseException e) {
            throw InvalidInputException.ofField("deferUntil", "Field 'deferUntil' must be an ISO-8601 instant such as "
                    + "2026-01-31T12:00:00Z, was '" + HttpProblem.shown(s.deferUntil()) + "'");
        }
        if (s.deferTimeoutMs() != null && s.deferTimeoutMs() <= 0) {
            throw InvalidInputException.ofField("deferTimeoutMs", "Field 'deferTimeoutMs' must be a positive number of "
                    + "milliseconds, was " + s.deferTimeoutMs());
        }
        String reason = s.reason() == null || s.reason().isBlank() ? "deferred by the task" : s.reason();
        return TaskOutcome.deferred(until, reason, Optional.ofNullable(s.deferTimeoutMs()).map(java.time.Duration::ofMillis),
                Boolean.TRUE.equals(s.deferBackoff()));
    }

    private static TaskOutcome outcome(String status, String taskError, List<String> branch, String reason) {
        return outcome(status, taskError, branch, reason, null);
    }

    private static TaskOutcome outcome(String status, String taskError, List<String> branch, String reason,
                                       OutputBody output) {
        if (output != null && !"SUCCESS".equals(status)) {
            throw InvalidInputException.ofField("output", "Field 'output' goes with status SUCCESS only, not with '"
                    + HttpProblem.shown(String.valueOf(status)) + "'");
        }
        Optional<TaskOutput> out;
        try {
            out = output == null ? Optional.empty() : Optional.of(output.toOutput());
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.ofField("output", "Field 'output': " + e.getMessage());
        }
        if (branch != null && !"SUCCESS".equals(status)) {
            throw InvalidInputException.ofField("branch", "Field 'branch' goes with status SUCCESS only, not with '"
                    + HttpProblem.shown(String.valueOf(status)) + "'");
        }
        if (branch != null && branch.stream().anyMatch(c -> c == null || !Ids.isValid(c))) {
            throw InvalidInputException.ofField("branch", "Field 'branch' must list task ids, got " + HttpProblem.shown(branch.toString()));
        }
        return switch (status == null ? "" : status) {
            case "SUCCESS" -> TaskOutcome.success(Optional.ofNullable(branch), out);
            case "FAILED" -> TaskOutcome.failed(taskError == null ? "failed without an error text" : taskError);
            case "SKIPPED" -> TaskOutcome.skipped(reason == null || reason.isBlank() ? "skipped by the task" : reason);
            case "DEFERRED" -> throw InvalidInputException.ofField("deferUntil", "Field 'deferUntil' (an ISO-8601 instant)"
                    + " is required with status DEFERRED");
            default -> throw InvalidInputException.ofField("status", "Field 'status' must be SUCCESS, FAILED, SKIPPED or DEFERRED"
                    + " (or RUNNING as an acknowledgement), was '" + HttpProblem.shown(String.valueOf(status)) + "'");
        };
    }

    /**
     * A log batch's lines as the store's records: at most {@value #MAX_LOG_RECORDS} of them, messages
     * cut at {@value #MAX_LOG_MESSAGE} characters, a line without a time stamped {@code now}.
     *
     * @param key the attempt
     * @param lines the lines
     * @param now the time of a line that has none
     * @return the records
     * @throws InvalidInputException naming the field of a malformed line or the count over the limit
     */
    public static List<TaskLogRecord> logRecords(AttemptKey key, List<LogLine> lines, Instant now) {
        if (lines.size() > MAX_LOG_RECORDS) {
            throw InvalidInputException.ofField("records", "At most " + MAX_LOG_RECORDS + " records per batch, got "
                    + lines.size());
        }
        List<TaskLogRecord> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            LogLine l = lines.get(i);
            String field = "records[" + i + "]";
            String message = l.message() == null ? "" : l.message();
            if (message.length() > MAX_LOG_MESSAGE) {
                message = message.substring(0, MAX_LOG_MESSAGE) + "... [truncated]";
            }
            Instant at = l.ts() == null ? now : Times.parse(field + ".ts", l.ts());
            String attributes;
            try {
                attributes = l.attributes().isEmpty() ? "{}" : JsonBody.MAPPER.writeValueAsString(l.attributes());
            } catch (JsonProcessingException e) {
                throw InvalidInputException.ofField(field + ".attributes", "Field '" + field
                        + ".attributes' cannot be written as JSON: " + e.getOriginalMessage());
            }
            out.add(new TaskLogRecord(key, at, l.level() == null ? "INFO" : l.level(), message, attributes));
        }
        return out;
    }

    /**
     * @param r the result of a report
     * @return its verdict as a batch answer shows it
     */
    public static ReportVerdict verdict(ReportResult r) {
        return r.accepted() ? ReportVerdict.yes() : ReportVerdict.refused(httpStatus(r), field(r), r.message());
    }

    /**
     * The status an executor sees for a report's result over HTTP: 200 accepted, 404 unknown
     * attempt, 503 (retry later, against the leader) when stopped or not the leader, 409 (drop the
     * report) for a conflict. The in-process link maps the same classes to {@code LinkException} kinds.
     *
     * @param r the result
     * @return the HTTP status
     */
    static int httpStatus(ReportResult r) {
        if (r.accepted()) {
            return 200;
        }
        if (r.retryable()) {
            return 503;
        }
        return r.conflict() ? 409 : 404;
    }

    /** @return the field a refused report is about: its executor id, its token (409), or none */
    static String field(ReportResult r) {
        if (r.status() == ReportResult.Status.WRONG_EXECUTOR) {
            return "executorId";
        }
        return r.conflict() ? "token" : null;
    }
}
