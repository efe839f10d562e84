package ppacer.server.http;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.time.ZoneId;
import java.util.Map;
import ppacer.api.protocol.TaskToExec;
import ppacer.scheduler.model.TaskLease;

/** Turns a {@link TaskLease} into the {@link TaskToExec} message, for HTTP and in-process executors alike. */
public final class LeaseMessages {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private LeaseMessages() {
    }

    /**
     * @param lease the lease
     * @param zone the zone logical times are shown in
     * @return the message for the executor
     */
    public static TaskToExec toExec(TaskLease lease, ZoneId zone) {
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
                params);
    }
}
