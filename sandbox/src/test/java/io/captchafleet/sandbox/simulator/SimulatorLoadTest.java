package io.captchafleet.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.junit.jupiter.api.Test;

/**
 * The simulator is also the benchmark's solver: it must answer thousands of requests per second on
 * a small machine. This measures and prints the rate; it asserts only that every answer was right,
 * never a time, so a busy build machine cannot make it fail.
 */
class SimulatorLoadTest {
    private static final int TASKS = 2_000;
    private static final int POLLS = 20_000;
    private static final int CALLERS = 16;

    @Test
    void answersTensOfThousandsOfRequestsCorrectlyAndPrintsTheRate() {
        SimulatorSettings settings = SimulatorSettings.builder().latency(Latency.fixed(Duration.ZERO)).pollBudget(1_000).seed(1).build();
        // A small fixed pool: the client's default (a cached pool) hands each answer to another thread and costs more CPU
        // than the simulator itself, which shares the machine with it.
        ExecutorService clientThreads = Executors.newFixedThreadPool(2);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
                .connectTimeout(Duration.ofSeconds(10)).build();
        try (SolverSimulator simulator = SolverSimulator.start(settings)) {
            URI base = simulator.baseUrl();
            List<HttpRequest> submits = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                submits.add(HttpRequest.newBuilder(base.resolve("in.php?key=" + ApiClient.KEY
                        + "&method=userrecaptcha&googlekey=k&json=1&pageurl=https://example.com/load/" + i)).build());
            }

            long started = System.nanoTime();
            List<HttpResponse<String>> submitted = sendAll(http, submits);
            List<String> ids = new ArrayList<>();
            for (HttpResponse<String> r : submitted) {
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).matches("\\{\"status\":1,\"request\":\"[0-9]{10}\"}");
                ids.add(ApiClient.json(r).path("request").asText());
            }
            SplittableRandom random = new SplittableRandom(1);
            List<HttpRequest> polls = new ArrayList<>();
            List<String> polled = new ArrayList<>();
            for (int i = 0; i < POLLS; i++) {
                String id = ids.get(random.nextInt(ids.size()));
                polled.add(id);
                polls.add(HttpRequest.newBuilder(base.resolve("res.php?key=" + ApiClient.KEY + "&action=get&id=" + id)).build());
            }
            List<HttpResponse<String>> answers = sendAll(http, polls);
            long elapsedNanos = System.nanoTime() - started;

            for (int i = 0; i < POLLS; i++) {
                assertThat(answers.get(i).statusCode()).isEqualTo(200);
                assertThat(answers.get(i).body()).startsWith("OK|SIMULATED." + polled.get(i) + ".");
            }
            int requests = TASKS + POLLS;
            double perSecond = requests / (elapsedNanos / 1e9);
            System.out.printf("Simulator load: %d requests (%d submits, %d polls, %d callers) in %d ms = %.0f requests/s%n",
                    requests, TASKS, POLLS, CALLERS, elapsedNanos / 1_000_000, perSecond);

            SimulatorStats stats = simulator.stats();
            assertThat(stats.requestsTotal()).isEqualTo(requests);
            assertThat(stats.acceptedSubmits()).isEqualTo(TASKS);
            assertThat(stats.tasksSeen()).isEqualTo(TASKS);
            assertThat(stats.tasksBilledMoreThanOnce()).isZero();
            assertThat(stats.resultRequests()).isEqualTo(POLLS);
            assertThat(stats.solved()).isEqualTo(polled.stream().distinct().count());
        } finally {
            clientThreads.shutdownNow();
        }
    }

    /**
     * Sends every request from {@link #CALLERS} threads, each waiting for its answer before the next
     * request (as a worker fleet's callers do); answers in the order of the requests.
     */
    private static List<HttpResponse<String>> sendAll(HttpClient http, List<HttpRequest> requests) {
        AtomicInteger next = new AtomicInteger();
        AtomicReferenceArray<HttpResponse<String>> answers = new AtomicReferenceArray<>(requests.size());
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                running.add(callers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                        answers.set(i, http.send(requests.get(i), HttpResponse.BodyHandlers.ofString()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new AssertionError("a request failed", e.getCause());
        } finally {
            callers.shutdownNow();
        }
        List<HttpResponse<String>> inOrder = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            inOrder.add(answers.get(i));
        }
        return inOrder;
    }
}
