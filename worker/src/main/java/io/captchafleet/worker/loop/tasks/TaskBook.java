package io.captchafleet.worker.loop.tasks;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Predicate;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.worker.loop.partitions.TaskState;
import io.captchafleet.worker.solver.Cost;
import io.captchafleet.worker.solver.SolveRequest;
import io.captchafleet.worker.solver.SolveResult;

/**
 * Owns the tasks this worker is working on: those in flight (every {@link Stage}), the submit queue, the tasks
 * waiting for a short retry, the input records waiting behind a task with the same id, and the records read at
 * the in-flight cap that wait to be judged. A task changes stage only through a method
 * here, and each keeps the counts exact, so nothing ever walks the tasks to recount: how many tasks are
 * held (what {@code --max-in-flight} bounds, waiting records included), how many are in each stage, and per
 * batch how many hold a share of its spend cap ({@link #reserved}: queued or submitting, or paid and not yet
 * recorded). Confined to the worker loop thread.
 */
public final class TaskBook {
    private final Map<String, Task> tasks = new HashMap<>();
    private final Map<String, ArrayDeque<InputRecord>> waiting = new HashMap<>();
    private final ArrayDeque<Task> submitQueue = new ArrayDeque<>();
    /**
     * Records read while {@code --max-in-flight} tasks were held, not yet judged: they are judged in the order read as
     * slots free up, so reaching the cap never seeks back nor fetches a record again. Their offsets stay unfinished.
     */
    private final ArrayDeque<InputRecord> admission = new ArrayDeque<>();
    /** Tasks waiting for a short retry, the soonest due first. */
    private final PriorityQueue<Task> delayed = new PriorityQueue<>(Comparator.comparingLong(Task::retryAtMs));
    private final int[] inStage = new int[Stage.values().length];
    /** Per batch, per partition: the tasks holding a share of the batch's spend cap. */
    private final Map<String, Map<Integer, int[]>> reservedByBatch = new HashMap<>();
    private int waitingRecords;

    public Task get(String taskId) {
        return tasks.get(taskId);
    }

    /** Tasks held plus records waiting behind them: what {@code --max-in-flight} bounds. */
    public int size() {
        return tasks.size() + waitingRecords;
    }

    /**
     * What takes a slot of {@code --max-in-flight}: every task held and record waiting behind one, but a task awaiting
     * its input record ({@link Stage#AWAITING_INPUT}). That one frees nothing until its record is judged, so if it took a
     * slot, tasks awaiting theirs could hold every slot while the inputs stay paused at the cap, their records unread.
     */
    public int slotsTaken() {
        return size() - inStage[Stage.AWAITING_INPUT.ordinal()];
    }

    public int count(Stage stage) {
        return inStage[stage.ordinal()];
    }

    /** Tasks whose work a halt lets finish: submits on the wire, paid tasks being polled, outcomes not committed. */
    public int unsettled() {
        int n = 0;
        for (Stage s : Stage.values()) {
            if (s.unsettled()) {
                n += inStage[s.ordinal()];
            }
        }
        return n;
    }

    public Collection<Task> all() {
        return tasks.values();
    }

    /**
     * Tasks of the batch in partition {@code p} holding a share of its spend cap: submits to come or on the wire, paid
     * ones not yet recorded.
     */
    public int reserved(String batch, int p) {
        Map<Integer, int[]> byPartition = reservedByBatch.get(batch);
        int[] n = byPartition == null ? null : byPartition.get(p);
        return n == null ? 0 : n[0];
    }

    /** The same, in every partition. */
    public int reserved(String batch) {
        Map<Integer, int[]> byPartition = reservedByBatch.get(batch);
        return byPartition == null ? 0 : byPartition.values().stream().mapToInt(n -> n[0]).sum();
    }

    // ---- the spend cap ----

    /** The task takes a share of its batch's cap for its next paid submit (once: a task holds at most one). */
    public void reserve(Task t) {
        if (!t.spendReserved()) {
            t.spendReserved(true);
            reservedByBatch.computeIfAbsent(t.batch(), b -> new HashMap<>()).computeIfAbsent(t.partition(), p -> new int[1])[0]++;
        }
    }

    /** The paid submit's {@code in_flight} is in the results table: its spend is counted there from now on. */
    public void recorded(Task t) {
        release(t);
    }

    /** What a paid submit of the task cost, added to what it cost before. */
    public void addCost(Task t, Cost cost) {
        t.addCost(cost);
    }

    /**
     * A task taken off the submit queue that may not be submitted now (its batch is at its spend cap): it leaves the
     * book, its input record to be read again later. Returns the records that waited behind it.
     */
    public List<InputRecord> defer(Task t) {
        return finished(t);
    }

    private void release(Task t) {
        if (t.spendReserved()) {
            t.spendReserved(false);
            Map<Integer, int[]> byPartition = reservedByBatch.get(t.batch());
            if (--byPartition.get(t.partition())[0] == 0) {
                byPartition.remove(t.partition());
                if (byPartition.isEmpty()) {
                    reservedByBatch.remove(t.batch());
                }
            }
        }
    }

    // ---- admission ----

    /** A new task to submit, at the back of the submit queue. */
    public Task queueForSubmit(InputRecord input, int paidSubmits) {
        Task t = Task.fromInput(input, paidSubmits);
        add(t, Stage.QUEUED);
        submitQueue.addLast(t);
        return t;
    }

    /** A new task that is not to be submitted (its paid-submit cap is reached): the caller finishes it at once. */
    public Task admitToFail(InputRecord input, int paidSubmits) {
        Task t = Task.fromInput(input, paidSubmits);
        add(t, Stage.QUEUED);
        return t;
    }

    /** A task whose input record says it is paid and in flight: polled with the known solver id. */
    public Task admitPaid(InputRecord input, TaskState known) {
        Task t = Task.fromInput(input, Math.max(known.paidSubmits(), input.task().paidSubmits()));
        t.paidBefore(known.solverId(), known.submittedAt());
        t.taskErrorRetried(known.taskErrorRetried());
        add(t, Stage.POLLING);
        return t;
    }

    /** A paid task known only from its {@code in_flight} outcome: polled until its input record arrives. */
    public Task resumeFromOutcome(Outcome inFlight, int partition) {
        Task t = Task.fromOutcome(inFlight, partition);
        add(t, Stage.POLLING);
        return t;
    }

    /** A record read at the cap (or behind others that were): it is judged once a slot is free and those before it were. */
    public void holdForAdmission(InputRecord input) {
        admission.addLast(input);
    }

    /** Whether records read at the cap wait to be judged (then every record read after them waits behind them). */
    public boolean admissionWaiting() {
        return !admission.isEmpty();
    }

    /** The record read at the cap longest ago, taken off its queue, or null. */
    public InputRecord nextAdmission() {
        return admission.pollFirst();
    }

    /** A record of a task already held here: it waits, and is judged again once that task has finished. */
    public void waitBehind(InputRecord input) {
        waiting.computeIfAbsent(input.task().taskId(), id -> new ArrayDeque<>()).addLast(input);
        waitingRecords++;
    }

    /**
     * Gives a task resumed from its outcome the input record of the attempt it is in. False when the task
     * has its input already, the record is of another attempt, or the task is finishing (then it waits behind the task):
     * a finishing task has settled its input offset already, so a record attached now would never be finished and
     * would hold its partition's committed offset back for good.
     */
    public boolean attachInput(Task t, InputRecord input) {
        if (t.stage() == Stage.FINISHING || t.input().isPresent() || !input.isAttemptOf(t.forOutcome())) {
            return false;
        }
        t.attach(input);
        t.atLeastPaid(input.task().paidSubmits());
        return true;
    }

    // ---- solves ----

    /**
     * Takes the queued tasks that match off the submit queue (a cancelled batch's): they are not submitted,
     * and the caller ends each of them at once.
     */
    public List<Task> takeQueued(Predicate<Task> which) {
        List<Task> taken = new ArrayList<>();
        Iterator<Task> it = submitQueue.iterator();
        while (it.hasNext()) {
            Task t = it.next();
            if (which.test(t)) {
                it.remove();
                taken.add(t);
            }
        }
        return taken;
    }

    /** Every task held whose batch is {@code batch}. */
    public List<Task> ofBatch(String batch) {
        List<Task> found = new ArrayList<>();
        for (Task t : tasks.values()) {
            if (t.forOutcome().batch().equals(batch)) {
                found.add(t);
            }
        }
        return found;
    }

    /**
     * Stops whatever the task was doing (its solve is cancelled, it leaves the submit queue) and marks it
     * finishing: its batch was purged, so what it still writes is a tombstone, and it leaves the book once
     * that commits.
     */
    public void withdraw(Task t) {
        submitQueue.remove(t);
        t.cancelSolve();
        move(t, Stage.FINISHING);
    }

    /** The next queued task, taken off the submit queue, or null. */
    public Task nextToSubmit() {
        return submitQueue.pollFirst();
    }

    public boolean hasQueued() {
        return !submitQueue.isEmpty();
    }

    /** Hands the task as it was submitted (its input record) to the solver; a task without input is refused. */
    public void beginSubmit(Task t, SolveStarter submit) {
        SolveRequest request = t.submitRequest();
        move(t, Stage.SUBMITTING);
        t.handle(submit.start(request, t.nextSolveToken()));
    }

    /** Polls the task's solver id (no submit). */
    public void beginPoll(Task t, SolveStarter poll) {
        move(t, Stage.POLLING);
        t.handle(poll.start(t.pollRequest(), t.nextSolveToken()));
    }

    /** The submit was paid: the task is polled (its {@code in_flight} record goes to the next transaction). */
    public void paid(Task t, String solverId, Instant submittedAt) {
        t.paid(solverId, submittedAt);
        move(t, Stage.POLLING);
    }

    /** A submit whose reply never came: it may have been billed, so it counts against the paid-submit cap. */
    public void ambiguousSubmit(Task t) {
        t.countAmbiguousSubmit();
    }

    /** Submits the task again: the provider forgot its solver id. */
    public void resubmit(Task t) {
        t.forgetSolverId();
        move(t, Stage.QUEUED);
        submitQueue.addLast(t);
    }

    /**
     * Its submit failed and goes again in this attempt once {@code atMs} has come, without a retry record: after a
     * transient failure (its one short retry), or after a task error ({@code taskError}, its one more try). Until then it
     * is {@link Stage#DELAYED}: held, but not on the wire and not in the submit queue.
     */
    public void retryAt(Task t, long atMs, String taskError) {
        t.forgetSolverId();
        t.retryAt(atMs, taskError);
        move(t, Stage.DELAYED);
        delayed.add(t);
    }

    /** Moves every task whose short retry is due at {@code nowMs} to the front of the submit queue, soonest due first. */
    public void releaseDue(long nowMs) {
        if (delayed.isEmpty() || delayed.peek().retryAtMs() > nowMs) {
            return;
        }
        List<Task> due = new ArrayList<>();
        while (!delayed.isEmpty() && delayed.peek().retryAtMs() <= nowMs) {
            due.add(delayed.poll());
        }
        for (int i = due.size() - 1; i >= 0; i--) {
            move(due.get(i), Stage.QUEUED);
            submitQueue.addFirst(due.get(i));
        }
    }

    /** The submit never went out (the fleet halted): first in line once it resumes. */
    public void requeueFirst(Task t) {
        move(t, Stage.QUEUED);
        submitQueue.addFirst(t);
    }

    /** Its poll met a fatal answer: polled again after the RESUME. */
    public void park(Task t) {
        move(t, Stage.PARKED);
    }

    /** Every parked task, to be polled again (the caller begins each poll). */
    public List<Task> parked() {
        List<Task> parked = new ArrayList<>();
        for (Task t : tasks.values()) {
            if (t.stage() == Stage.PARKED) {
                parked.add(t);
            }
        }
        return parked;
    }

    /** A resumed task's poll failed and its next step needs its input record: it holds the failure until then. */
    public void awaitInput(Task t, SolveResult.Failed failure) {
        t.hold(failure);
        move(t, Stage.AWAITING_INPUT);
    }

    /** The failure a task awaiting its input held; the task goes on from there. */
    public SolveResult.Failed takeHeldFailure(Task t) {
        SolveResult.Failed f = t.heldFailure();
        t.hold(null);
        return f;
    }

    /** Its outcome is in the next transaction. */
    public void finishing(Task t) {
        move(t, Stage.FINISHING);
    }

    /** The transaction with its outcome committed: it leaves the book; returns the records that waited behind it. */
    public List<InputRecord> finished(Task t) {
        if (!tasks.remove(t.taskId(), t)) {
            return List.of();
        }
        forget(t);
        ArrayDeque<InputRecord> held = waiting.remove(t.taskId());
        if (held == null) {
            return List.of();
        }
        waitingRecords -= held.size();
        return new ArrayList<>(held);
    }

    // ---- partitions ----

    /** Forgets every task and waiting record of partition {@code p}; returns the tasks, whose solves the caller cancels. */
    public List<Task> dropPartition(int p) {
        List<Task> dropped = new ArrayList<>();
        Iterator<Task> it = tasks.values().iterator();
        while (it.hasNext()) {
            Task t = it.next();
            if (t.partition() == p) {
                it.remove();
                forget(t);
                t.cancelSolve();
                dropped.add(t);
            }
        }
        submitQueue.removeIf(t -> t.partition() == p);
        delayed.removeIf(t -> t.partition() == p);
        admission.removeIf(r -> r.source().partition() == p);
        Iterator<ArrayDeque<InputRecord>> w = waiting.values().iterator();
        while (w.hasNext()) {
            ArrayDeque<InputRecord> records = w.next();
            int before = records.size();
            records.removeIf(r -> r.source().partition() == p);
            waitingRecords -= before - records.size();
            if (records.isEmpty()) {
                w.remove();
            }
        }
        return dropped;
    }

    /** Cancels every solve, e.g. when the worker stops: their {@code in_flight} records let the next owner continue. */
    public void cancelAll() {
        tasks.values().forEach(Task::cancelSolve);
    }

    private void add(Task t, Stage stage) {
        tasks.put(t.taskId(), t);
        t.stage(stage);
        inStage[stage.ordinal()]++;
    }

    private void move(Task t, Stage to) {
        inStage[t.stage().ordinal()]--;
        inStage[to.ordinal()]++;
        t.stage(to);
    }

    private void forget(Task t) {
        inStage[t.stage().ordinal()]--;
        release(t);
    }
}
