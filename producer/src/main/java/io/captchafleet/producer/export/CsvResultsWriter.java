package io.captchafleet.producer.export;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.serde.Json;

/** A header row, then one row per outcome with a fixed set of columns; task data is a JSON cell. */
final class CsvResultsWriter extends ResultsWriter {
    /** The columns, in order; downstream spreadsheets and scripts rely on them. */
    static final List<String> COLUMNS = List.of("task_id", "batch", "index", "generation", "attempt", "status", "token",
            "error", "category", "solve_time", "paid_submits", "solver_task_id", "submitted_at", "solved_at", "expires_at",
            "worker", "cost", "task_data");
    private static final CsvMapper CSV = new CsvMapper();

    private final SequenceWriter rows;

    CsvResultsWriter(Writer out) throws IOException {
        super(out);
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        COLUMNS.forEach(schema::addColumn);
        this.rows = CSV.writerFor(Object[].class).with(schema.build()).writeValues(out);
    }

    @Override
    public void write(Outcome o) throws IOException {
        Object[] row = {o.taskId(), o.batch(), o.index(), o.generation(), o.attempt(), o.status().wire(), o.token(), o.error(),
            o.category(), o.solveTime(), o.paidSubmits(), o.solverTaskId(), text(o.submittedAt()), text(o.solvedAt()),
            text(o.expiresAt()), o.worker(), o.cost(), o.taskData() == null ? null : Json.write(redactedTaskData(o))};
        rows.write(Arrays.asList(row).toArray());
    }

    @Override
    public void finish() throws IOException {
        rows.flush();
        super.finish();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
