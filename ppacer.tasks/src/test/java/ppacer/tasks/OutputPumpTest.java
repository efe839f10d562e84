package ppacer.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputPumpTest {
    private static List<String> pump(String text) {
        List<String> lines = new ArrayList<>();
        OutputPump.pump(new StringReader(text), lines::add);
        return lines;
    }

    @Test
    void splits_on_lf_cr_and_crlf_and_keeps_blank_lines_and_the_unterminated_tail() {
        assertEquals(List.of("a", "b", "", "c", "d", "tail"), pump("a\nb\r\n\nc\rd\ntail"));
    }

    @Test
    void a_line_longer_than_the_limit_is_cut_without_an_extra_blank_line() {
        String max = "x".repeat(OutputPump.MAX_LINE_CHARS);
        assertEquals(List.of(max, max, "yy", "z"), pump(max + max + "yy\nz"));
        assertEquals(List.of(max, "next"), pump(max + "\r\nnext\n"));
    }
}
