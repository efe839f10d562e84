package ppacer.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The validated graph of a DAG: topological order, parents and children, depth and width, and the
 * fingerprint. Built once per DAG; all lists are immutable.
 *
 * <p>Order: by depth (the longest path from a root), then by Kahn's order with ties broken by
 * discovery order (depth-first from the roots in the order given), so the order is stable for the
 * same definition. Ordering by depth first keeps the tasks of one level together: tasks become
 * ready in about this order, which the task queue hands out in O(1) (see the scheduler's
 * ReadyEntries), also when trigger rules make some ready before the others of their level.
 */
record Topology(List<DagTask> tasks, Map<String, DagTask> byId, List<DagTask> roots, String fingerprint) {

    static Topology of(String dagId, List<Node> givenRoots, TaskConfig defaults) {
        // 1. Discover nodes (identity), check ids and duplicates.
        Map<Node, Integer> discovery = new IdentityHashMap<>();
        List<Node> nodes = new ArrayList<>();
        Map<String, Node> byTaskId = new HashMap<>();
        Deque<Node> stack = new ArrayDeque<>();
        for (int i = givenRoots.size() - 1; i >= 0; i--) {
            stack.push(givenRoots.get(i));
        }
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            if (discovery.containsKey(n)) {
                continue;
            }
            String taskId = n.task().id();
            if (!Ids.isValid(taskId)) {
                throw new DagDefinitionException("Invalid task id '" + taskId + "' in DAG '" + dagId + "': expected "
                        + Ids.describeRule());
            }
            Node other = byTaskId.putIfAbsent(taskId, n);
            if (other != null) {
                throw new DagDefinitionException("Duplicate task id '" + taskId + "' in DAG '" + dagId + "': tasks "
                        + other.task().getClass().getName() + " and " + n.task().getClass().getName()
                        + " are different nodes with the same id");
            }
            discovery.put(n, nodes.size());
            nodes.add(n);
            List<Node> children = n.children();
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.push(children.get(i));
            }
        }
        // 2. Cycle check (DFS colours) so that the message can spell the cycle.
        checkAcyclic(dagId, nodes);

        // 3. Parents, Kahn's order.
        int n = nodes.size();
        List<List<Integer>> parents = new ArrayList<>(n);
        List<List<Integer>> children = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            parents.add(new ArrayList<>());
            children.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            Set<Integer> seen = new HashSet<>();
            for (Node c : nodes.get(i).children()) {
                int ci = discovery.get(c);
                if (seen.add(ci)) {
                    children.get(i).add(ci);
                    parents.get(ci).add(i);
                }
            }
        }
        int[] indegree = new int[n];
        for (int i = 0; i < n; i++) {
            indegree[i] = parents.get(i).size();
        }
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            if (indegree[i] == 0) {
                ready.add(i);
            }
        }
        int[] order = new int[n];
        int[] position = new int[n];
        int k = 0;
        while (!ready.isEmpty()) {
            int i = ready.poll();
            position[i] = k;
            order[k++] = i;
            for (int c : children.get(i)) {
                if (--indegree[c] == 0) {
                    ready.add(c);
                }
            }
        }
        // 4. Depth (longest path) and width.
        int[] depth = new int[n];
        for (int idx = 0; idx < n; idx++) {
            int i = order[idx];
            int d = 1;
            for (int p : parents.get(i)) {
                d = Math.max(d, depth[p] + 1);
            }
            depth[i] = d;
        }
        // 5. The final order: by depth, then Kahn's (a topological order: a child is deeper than its parents).
        Integer[] byDepth = new Integer[n];
        for (int idx = 0; idx < n; idx++) {
            byDepth[idx] = order[idx];
        }
        int[] kahn = position.clone();
        java.util.Arrays.sort(byDepth, (a, b) -> depth[a] != depth[b] ? Integer.compare(depth[a], depth[b])
                : Integer.compare(kahn[a], kahn[b]));
        for (int idx = 0; idx < n; idx++) {
            order[idx] = byDepth[idx];
            position[byDepth[idx]] = idx;
        }
        Map<Integer, Integer> widthCounter = new HashMap<>();
        List<DagTask> tasks = new ArrayList<>(n);
        Map<String, DagTask> byId = new LinkedHashMap<>();
        List<DagTask> roots = new ArrayList<>();
        for (int idx = 0; idx < n; idx++) {
            int i = order[idx];
            Node node = nodes.get(i);
            int width = widthCounter.merge(depth[i], 1, Integer::sum);
            List<String> ps = idsInOrder(parents.get(i), nodes, position);
            List<String> cs = idsInOrder(children.get(i), nodes, position);
            Optional<Teardown> teardown = node.teardown();
            if (teardown.isPresent()) {
                checkTeardown(dagId, node, teardown.get(), byTaskId);
            }
            Optional<TaskMapping> mapping = node.mapping();
            if (mapping.isPresent()) {
                checkMapping(dagId, node, mapping.get(), ps);
            }
            DagTask t = new DagTask(node.task(), node.config().orElse(defaults), ps, cs, depth[i], width, idx, teardown,
                    mapping);
            tasks.add(t);
            byId.put(t.id(), t);
            if (t.isRoot()) {
                roots.add(t);
            }
        }
        return new Topology(List.copyOf(tasks), Collections.unmodifiableMap(byId), List.copyOf(roots),
                fingerprint(tasks));
    }

    private static void checkTeardown(String dagId, Node node, Teardown teardown, Map<String, Node> byTaskId) {
        if (!byTaskId.containsKey(teardown.setupId())) {
            throw new DagDefinitionException("DAG '" + dagId + "': task '" + node.task().id() + "' is the teardown of '"
                    + teardown.setupId() + "', which is not in the DAG (not reachable from its roots)");
        }
        TriggerRule own = node.config().map(TaskConfig::triggerRule).orElse(TriggerRule.ALL_SUCCESS);
        if (own != TriggerRule.ALL_SUCCESS) {
            throw new DagDefinitionException("DAG '" + dagId + "': task '" + node.task().id() + "' is a teardown, whose"
                    + " rule is fixed (all parents done, setup succeeded); it cannot also have trigger rule " + own);
        }
    }

    private static void checkMapping(String dagId, Node node, TaskMapping mapping, List<String> parents) {
        String id = node.task().id();
        if (mapping instanceof TaskMapping.OverOutput o && !parents.contains(o.parentId())) {
            throw new DagDefinitionException("DAG '" + dagId + "': task '" + id + "' is mapped over '" + o.parentId()
                    + "', which is not one of its direct parents; its parents: " + parents);
        }
        if (node.teardown().isPresent()) {
            throw new DagDefinitionException("DAG '" + dagId + "': task '" + id + "' is a teardown and cannot also be"
                    + " mapped " + mapping.describe());
        }
        if (node.task() instanceof BranchTask) {
            throw new DagDefinitionException("DAG '" + dagId + "': task '" + id + "' is a branch task and cannot be"
                    + " mapped " + mapping.describe() + ": its instances would each choose children");
        }
    }

    private static List<String> idsInOrder(List<Integer> idx, List<Node> nodes, int[] position) {
        return idx.stream().sorted((a, b) -> Integer.compare(position[a], position[b]))
                .map(i -> nodes.get(i).task().id()).toList();
    }

    private static void checkAcyclic(String dagId, List<Node> nodes) {
        Map<Node, Integer> colour = new IdentityHashMap<>(); // absent=white, 1=grey, 2=black
        for (Node start : nodes) {
            if (colour.containsKey(start)) {
                continue;
            }
            // iterative DFS keeping the grey path; each frame reads its node's children once
            Deque<Node> path = new ArrayDeque<>();
            Deque<List<Node>> childLists = new ArrayDeque<>();
            Deque<Integer> nextChild = new ArrayDeque<>();
            path.push(start);
            childLists.push(start.children());
            nextChild.push(0);
            colour.put(start, 1);
            while (!path.isEmpty()) {
                Node top = path.peek();
                List<Node> cs = childLists.peek();
                int ci = nextChild.pop();
                if (ci < cs.size()) {
                    nextChild.push(ci + 1);
                    Node c = cs.get(ci);
                    Integer col = colour.get(c);
                    if (col == null) {
                        colour.put(c, 1);
                        path.push(c);
                        childLists.push(c.children());
                        nextChild.push(0);
                    } else if (col == 1) {
                        List<Node> onPath = new ArrayList<>(path);
                        Collections.reverse(onPath);
                        StringBuilder cycle = new StringBuilder();
                        for (int i = onPath.indexOf(c); i < onPath.size(); i++) {
                            cycle.append(onPath.get(i).task().id()).append(" -> ");
                        }
                        cycle.append(c.task().id());
                        throw new DagDefinitionException("Cycle in DAG '" + dagId + "': " + cycle);
                    }
                } else {
                    colour.put(top, 2);
                    path.pop();
                    childLists.pop();
                }
            }
        }
    }

    /** The fingerprint part of a mapping: what it is over, the items with their lengths (they may hold anything). */
    private static String mappingLine(TaskMapping m) {
        return switch (m) {
            case TaskMapping.OverOutput o -> "|mapOver=" + o.parentId();
            case TaskMapping.OverItems l -> "|mapOverItems=" + l.items().size() + l.items().stream()
                    .map(x -> ":" + x.length() + ":" + x).collect(java.util.stream.Collectors.joining());
        } + (m.maxActiveInstances() == 0 ? "" : "|maxActiveInstances=" + m.maxActiveInstances());
    }

    private static String fingerprint(List<DagTask> tasks) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new PpacerException("SHA-256 is not available in this JDK", e);
        }
        for (DagTask t : tasks) {
            TaskConfig c = t.config();
            String definition = t.task().definition();
            String line = t.id() + '|' + t.task().getClass().getName() + "|definition=" + definition.length()
                    + ':' + definition + "|parents=" + String.join(",", t.parents())
                    + "|timeout=" + c.timeout().toNanos() + "|retries=" + c.retries() + "|delay=" + c.retryDelay()
                    + "|alertOnRetry=" + c.alertOnRetry() + "|alertOnFailure=" + c.alertOnFailure()
                    + "|notifier=" + c.notifier().map(x -> x.getClass().getName()).orElse("-")
                    + "|weight=" + c.priorityWeight()
                    // added by the trigger rules; absent at their defaults, so older DAGs keep their fingerprint
                    + (c.triggerRule() == TriggerRule.ALL_SUCCESS ? "" : "|rule=" + c.triggerRule())
                    // added by the pools; absent without a pool, so older DAGs keep their fingerprint
                    + c.pool().map(p -> "|pool=" + p + ":" + c.poolSlots()).orElse("")
                    + t.teardown().map(x -> "|teardownOf=" + x.setupId() + (x.failsRun() ? ":failsRun" : "")).orElse("")
                    // added by deadlines; absent without one, so older DAGs keep their fingerprint
                    + c.deadline().map(d -> "|deadline=" + d.anchor() + ":" + d.within().toNanos()).orElse("")
                    + t.mapping().map(Topology::mappingLine).orElse("")
                    + '\n';
            sha.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
