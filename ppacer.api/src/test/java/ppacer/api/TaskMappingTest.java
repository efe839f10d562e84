package ppacer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static ppacer.api.TestTask.node;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TaskMappingTest {
    @Test
    void instance_ids_carry_the_index_and_only_well_formed_ones_are_read_back() {
        assertEquals("load[3]", TaskMapping.instanceId("load", 3));
        assertEquals(Optional.of("load"), TaskMapping.mappedTaskOf("load[3]"));
        assertEquals(OptionalInt.of(1023), TaskMapping.indexOf("load[1023]"));
        assertEquals(Optional.of("a.b"), TaskMapping.mappedTaskOf("a.b[0]"));
        for (String notAnInstance : List.of("load", "[3]", "load[]", "load[03]", "load[-1]", "load[3", "load3]",
                "load[x]", "load[99999999999]", "load[3]x")) {
            assertEquals(Optional.empty(), TaskMapping.mappedTaskOf(notAnInstance), notAnInstance);
            assertEquals(OptionalInt.empty(), TaskMapping.indexOf(notAnInstance), notAnInstance);
        }
        assertThrows(IllegalArgumentException.class, () -> TaskMapping.instanceId("load", -1));
    }

    @Test
    void a_mapped_task_is_mapped_over_a_direct_parent_once_and_is_neither_a_teardown_nor_a_branch() {
        Node a = node("a");
        a.then(node("b").mapOver("a"));
        assertEquals(Optional.of(new TaskMapping.OverOutput("a")), Dag.builder("ok").root(a).build().task("b").orElseThrow()
                .mapping());

        Node x = node("x");
        Node twice = node("y").mapOver("x");
        var e = assertThrows(DagDefinitionException.class, () -> twice.mapOverItems(List.of("1")));
        assertEquals("Task 'y' is already mapped over 'x'; a task is mapped over one list", e.getMessage());
        x.then(twice);

        Node s = node("setup");
        node("teardown").teardownOf(s).mapOverItems(List.of("1"));
        e = assertThrows(DagDefinitionException.class, () -> Dag.builder("td").root(s).build());
        assertEquals("DAG 'td': task 'teardown' is a teardown and cannot also be mapped over 1 items", e.getMessage());

        BranchTask choose = new BranchTask() {
            @Override
            public String id() {
                return "choose";
            }

            @Override
            public Collection<String> choose(TaskContext ctx) {
                return Collections.emptyList();
            }
        };
        Node root = node("root");
        root.then(Node.of(choose).mapOver("root"));
        e = assertThrows(DagDefinitionException.class, () -> Dag.builder("br").root(root).build());
        assertEquals("DAG 'br': task 'choose' is a branch task and cannot be mapped over 'root': its instances would each"
                + " choose children", e.getMessage());

        e = assertThrows(DagDefinitionException.class, () -> node("z").mapOver("not an id"));
        assertEquals("A task can be mapped over a parent's task id; 'not an id' is not one: expected "
                + "1-128 characters from [A-Za-z0-9_.-], not starting with '.' or '-'", e.getMessage());
        e = assertThrows(DagDefinitionException.class, () -> node("z").mapOverItems(java.util.Collections.nCopies(1025, "x")));
        assertEquals("A literal list to map over has at most 1024 items, not 1025", e.getMessage());
    }

    @Test
    void the_mapping_is_part_of_the_dag_fingerprint() {
        Node a1 = node("a");
        a1.then(node("b"));
        Node a2 = node("a");
        a2.then(node("b").mapOver("a"));
        Node a3 = node("a");
        a3.then(node("b").mapOverItems(List.of("x", "y")));
        Node a4 = node("a");
        a4.then(node("b").mapOverItems(List.of("x,y")));
        List<String> prints = List.of(a1, a2, a3, a4).stream().map(n -> Dag.builder("d").root(n).build().fingerprint())
                .toList();
        assertEquals(4, prints.stream().distinct().count(), prints.toString());
        Node again = node("a");
        again.then(node("b"));
        assertEquals(prints.getFirst(), Dag.builder("d").root(again).build().fingerprint(), "unmapped DAGs keep theirs");
        assertNotEquals(prints.get(2), prints.get(3));
    }
}
