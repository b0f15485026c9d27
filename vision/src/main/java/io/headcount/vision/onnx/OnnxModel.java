package io.headcount.vision.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import ai.onnxruntime.TensorInfo;
import io.headcount.core.FileDigests;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one class that talks to ONNX Runtime: loads a model file after checking its checksum and
 * tensor contract, runs it on float tensors and releases every native object it creates. A session
 * is thread-safe, but create one per Flink task (in {@code open()}) and close it there.
 */
public final class OnnxModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);

    /**
     * Stack of the thread that initialises ONNX Runtime. ORT 1.29 parses {@code /proc/self/cmdline}
     * recursively while it starts; a command line of about 4 KB or more (any {@code java -cp} with
     * a real classpath, a Flink task manager) overflows a default 1 MB thread stack and the JVM
     * dies with SIGSEGV and no error file. 256 MB of reserved (not committed) stack covers any
     * command line.
     */
    static final long INIT_STACK_BYTES = 256L * 1024 * 1024;

    /** A JVM-wide singleton by ORT's design: obtained once and never closed. */
    private static final OrtEnvironment ENVIRONMENT = initialiseEnvironment();

    private final ModelSpec spec;
    private final OrtSession session;
    private final OnnxSettings.ExecutionProvider executionProvider;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * The input's native memory, reused by every {@link #run} (grown when a larger input comes):
     * ORT copies a heap array into a new direct buffer per call otherwise, whose memory only a
     * garbage collection frees. Guarded by {@code this}.
     */
    private FloatBuffer inputBuffer;

    private OnnxModel(
            ModelSpec spec, OrtSession session, OnnxSettings.ExecutionProvider executionProvider) {
        this.spec = spec;
        this.session = session;
        this.executionProvider = executionProvider;
    }

    /** A file name with this prefix names a resource on the class path (a head the job ships). */
    public static final String CLASSPATH = "classpath:";

    /**
     * Loads {@code spec.fileName()} from {@code modelDirectory}, or from the class path when the
     * name starts with {@value #CLASSPATH}.
     *
     * @throws ModelLoadException if the file is missing, its SHA-256 differs from the spec, or its
     *     inputs and outputs are not the ones the spec names
     */
    public static OnnxModel load(ModelSpec spec, Path modelDirectory, OnnxSettings settings) {
        Path file = modelDirectory.resolve(spec.fileName());
        byte[] bytes = readModel(spec, file);
        String actual =
                spec.fileName().startsWith(CLASSPATH)
                        ? FileDigests.sha256(bytes)
                        : sha256(file, bytes);
        if (!actual.equals(spec.sha256())) {
            throw new ModelLoadException(
                    "model "
                            + spec.name()
                            + " at "
                            + file
                            + " has SHA-256 "
                            + actual
                            + " but "
                            + spec.sha256()
                            + " is expected: the file is damaged or a different version; replace it or update the model spec");
        }
        OrtSession session = null;
        OnnxSettings.ExecutionProvider provider = settings.executionProvider();
        if (provider == OnnxSettings.ExecutionProvider.CUDA) {
            session = cudaSession(spec, bytes, settings);
        } else {
            try (SessionOptions options = sessionOptions(settings)) {
                session = ENVIRONMENT.createSession(bytes, options);
            } catch (OrtException e) {
                throw new ModelLoadException(
                        "ONNX Runtime cannot load model " + spec.name() + " from " + file, e);
            }
        }
        try {
            checkContract(spec, file, session);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
        LOG.info("Loaded model {} from {} on {} with {}", spec.version(), file, provider, settings);
        return new OnnxModel(spec, session, provider);
    }

    /**
     * A session on the CUDA execution provider.
     *
     * @throws ModelLoadException naming the reason when CUDA cannot be used here: a CPU-only ORT
     *     jar (build with {@code -Pgpu}), or a GPU build whose CUDA provider does not start (no
     *     GPU, no CUDA or cuDNN libraries of the versions ORT needs, a wrong device id). Running on
     *     CPU instead would hide a misconfigured GPU node behind a far slower job.
     */
    private static OrtSession cudaSession(ModelSpec spec, byte[] bytes, OnnxSettings settings) {
        checkCudaProvider();
        try (SessionOptions options = sessionOptions(settings)) {
            options.addCUDA(settings.deviceId());
            return ENVIRONMENT.createSession(bytes, options);
        } catch (OrtException | RuntimeException | LinkageError e) {
            throw new ModelLoadException(
                    "onnx.execution-provider=cuda: ONNX Runtime's CUDA provider did not start on device "
                            + settings.deviceId()
                            + " for model "
                            + spec.name()
                            + " ("
                            + firstLine(e)
                            + "). It needs an NVIDIA GPU with that id, and the CUDA 12 (cudart, cuBLAS, cuRAND) and cuDNN 9 libraries on the library path (LD_LIBRARY_PATH); or set onnx.execution-provider=cpu",
                    e);
        }
    }

    /**
     * @throws ModelLoadException when the ORT jar on the class path has no CUDA provider
     */
    public static void checkCudaProvider() {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            throw new ModelLoadException(
                    "onnx.execution-provider=cuda, but the ONNX Runtime on the class path has no CUDA provider (it has "
                            + OrtEnvironment.getAvailableProviders()
                            + "): build with -Pgpu (the onnxruntime_gpu jar), or set onnx.execution-provider=cpu");
        }
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return e.getClass().getSimpleName()
                + ": "
                + (newline < 0 ? message : message.substring(0, newline));
    }

    /** Where the session runs: the provider asked for (CUDA never falls back to CPU). */
    public OnnxSettings.ExecutionProvider executionProvider() {
        return executionProvider;
    }

    public ModelSpec spec() {
        return spec;
    }

    /**
     * Runs the model on one float input and copies the requested outputs out of native memory.
     *
     * @param input input name
     * @param data tensor data in row-major order
     * @param shape tensor shape
     * @return each output of {@link ModelSpec#outputs()} as a flat float array
     */
    public Map<String, float[]> run(String input, float[] data, long[] shape) {
        if (closed.get()) {
            throw new IllegalStateException("model " + spec.name() + " is closed");
        }
        synchronized (this) {
            return runOnInputBuffer(input, data, shape);
        }
    }

    private Map<String, float[]> runOnInputBuffer(String input, float[] data, long[] shape) {
        if (inputBuffer == null || inputBuffer.capacity() < data.length) {
            inputBuffer =
                    ByteBuffer.allocateDirect(data.length * Float.BYTES)
                            .order(ByteOrder.nativeOrder())
                            .asFloatBuffer();
        }
        // ORT reads a direct buffer in place; the tensor covers exactly data.length floats.
        FloatBuffer view = inputBuffer.duplicate();
        view.clear();
        view.put(data);
        view.flip();
        try (OnnxTensor tensor = OnnxTensor.createTensor(ENVIRONMENT, view, shape);
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            Map<String, float[]> outputs = new LinkedHashMap<>();
            for (String name : spec.outputs()) {
                outputs.put(name, floats(result, name));
            }
            return outputs;
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "model "
                            + spec.version()
                            + " failed on input "
                            + input
                            + java.util.Arrays.toString(shape),
                    e);
        }
    }

    /**
     * Copies {@code data} into a native tensor once, for {@link #runPrepared}: benchmarks time the
     * model alone (the floor the job's own work is compared with) without the copy in and out.
     */
    public PreparedInput prepare(String input, float[] data, long[] shape) {
        try {
            return new PreparedInput(
                    input, OnnxTensor.createTensor(ENVIRONMENT, FloatBuffer.wrap(data), shape));
        } catch (OrtException e) {
            throw new IllegalStateException("cannot create a tensor for model " + spec.name(), e);
        }
    }

    /** Runs the model on a prepared input and releases the outputs without reading them. */
    public void runPrepared(PreparedInput input) {
        if (closed.get()) {
            throw new IllegalStateException("model " + spec.name() + " is closed");
        }
        try (OrtSession.Result result = session.run(Map.of(input.name(), input.tensor()))) {
            if (result.size() == 0) {
                throw new IllegalStateException("model " + spec.name() + " returned nothing");
            }
        } catch (OrtException e) {
            throw new IllegalStateException("model " + spec.version() + " failed", e);
        }
    }

    /** Releases the native session; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(session);
        }
    }

    private static float[] floats(OrtSession.Result result, String name) throws OrtException {
        Optional<OnnxValue> value = result.get(name);
        if (value.isEmpty() || !(value.get() instanceof OnnxTensor tensor)) {
            throw new IllegalStateException("model output " + name + " is missing or not a tensor");
        }
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] floats = new float[buffer.remaining()];
        buffer.get(floats);
        return floats;
    }

    private static byte[] readModel(ModelSpec spec, Path file) {
        if (spec.fileName().startsWith(CLASSPATH)) {
            String resource = spec.fileName().substring(CLASSPATH.length());
            try (java.io.InputStream in =
                    OnnxModel.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ModelLoadException(
                            "model " + spec.name() + ": resource " + resource + " not found");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new ModelLoadException("cannot read model " + spec.name(), e);
            }
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(
                    "model "
                            + spec.name()
                            + " not found at "
                            + file
                            + " (expected file "
                            + spec.fileName()
                            + " in the model folder; set the model folder with -Dheadcount.models or HEADCOUNT_MODELS)");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model " + spec.name() + " at " + file, e);
        }
    }

    private static OrtEnvironment initialiseEnvironment() {
        EnvironmentStarter starter = new EnvironmentStarter();
        Thread init = new Thread(null, starter, "onnxruntime-init", INIT_STACK_BYTES);
        init.start();
        try {
            init.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ONNX Runtime was starting", e);
        }
        if (starter.failure != null) {
            throw new IllegalStateException("ONNX Runtime cannot start", starter.failure);
        }
        return starter.environment;
    }

    /**
     * Starts ORT on its own thread. A separate class, not a lambda: a lambda body is a static
     * method of this class, which the thread could not run while this class is still being
     * initialised.
     */
    private static final class EnvironmentStarter implements Runnable {
        private volatile OrtEnvironment environment;
        private volatile Throwable failure;

        @Override
        public void run() {
            try {
                environment =
                        OrtEnvironment.getEnvironment(
                                OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "headcount");
            } catch (Throwable e) {
                failure = e;
            }
        }
    }

    /** Not hashed again when this process checked the unchanged file before (e.g. FirstUse). */
    private static String sha256(Path file, byte[] bytes) {
        try {
            return FileDigests.sha256(file, bytes);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model file " + file + ": " + e, e);
        }
    }

    private static SessionOptions sessionOptions(OnnxSettings settings) throws OrtException {
        SessionOptions options = new SessionOptions();
        try {
            options.setIntraOpNumThreads(settings.intraOpThreads());
            options.setInterOpNumThreads(settings.interOpThreads());
            options.setExecutionMode(
                    settings.interOpThreads() > 1
                            ? SessionOptions.ExecutionMode.PARALLEL
                            : SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(optLevel(settings.optimization()));
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    private static OptLevel optLevel(OnnxSettings.GraphOptimization level) {
        return switch (level) {
            case NONE -> OptLevel.NO_OPT;
            case BASIC -> OptLevel.BASIC_OPT;
            case EXTENDED -> OptLevel.EXTENDED_OPT;
            case ALL -> OptLevel.ALL_OPT;
        };
    }

    private static void checkContract(ModelSpec spec, Path file, OrtSession session) {
        Map<String, NodeInfo> inputs;
        Map<String, NodeInfo> outputs;
        try {
            inputs = session.getInputInfo();
            outputs = session.getOutputInfo();
        } catch (OrtException e) {
            throw new ModelLoadException(
                    "cannot read the inputs and outputs of model " + spec.name(), e);
        }
        LOG.info(
                "Model {} at {}: inputs {}, outputs {}",
                spec.name(),
                file,
                describe(inputs),
                describe(outputs));
        if (!new TreeSet<>(inputs.keySet()).equals(new TreeSet<>(spec.inputs()))) {
            throw new ModelLoadException(
                    "model "
                            + spec.name()
                            + " at "
                            + file
                            + " has inputs "
                            + new TreeSet<>(inputs.keySet())
                            + " but the job feeds exactly "
                            + spec.inputs());
        }
        for (String name : spec.inputs()) {
            requireFloatTensor(spec, file, "input", name, inputs.get(name));
        }
        List<String> missing =
                spec.outputs().stream().filter(name -> !outputs.containsKey(name)).toList();
        if (!missing.isEmpty()) {
            throw new ModelLoadException(
                    "model "
                            + spec.name()
                            + " at "
                            + file
                            + " lacks outputs "
                            + missing
                            + "; it has "
                            + new TreeSet<>(outputs.keySet())
                            + " and the job reads "
                            + spec.outputs());
        }
        for (String name : spec.outputs()) {
            requireFloatTensor(spec, file, "output", name, outputs.get(name));
        }
        for (String name : spec.inputs()) {
            requireShape(spec, file, "input", name, inputs.get(name));
        }
        for (String name : spec.outputs()) {
            requireShape(spec, file, "output", name, outputs.get(name));
        }
    }

    /**
     * The declared shape must have the model's rank, and every dimension fixed in both must agree.
     * A declared -1 accepts any size; a declared size on a dynamic model dimension is what the job
     * feeds.
     */
    private static void requireShape(
            ModelSpec spec, Path file, String role, String name, NodeInfo info) {
        List<Long> declared = spec.shapes().get(name);
        if (declared == null) {
            return;
        }
        long[] actual = ((TensorInfo) info.getInfo()).getShape();
        boolean matches = actual.length == declared.size();
        for (int i = 0; matches && i < actual.length; i++) {
            long want = declared.get(i);
            matches = want < 0 || actual[i] < 0 || actual[i] == want;
        }
        if (!matches) {
            throw new ModelLoadException(
                    "model "
                            + spec.name()
                            + " at "
                            + file
                            + ": "
                            + role
                            + " "
                            + name
                            + " has shape "
                            + java.util.Arrays.toString(actual)
                            + " but the manifest declares "
                            + declared);
        }
    }

    /** e.g. {@code input[-1, 3, -1, -1]}: names and shapes, -1 for a dynamic dimension. */
    private static String describe(Map<String, NodeInfo> nodes) {
        StringBuilder text = new StringBuilder();
        nodes.forEach(
                (name, node) -> {
                    text.append(text.isEmpty() ? "" : " ").append(name);
                    if (node.getInfo() instanceof TensorInfo tensor) {
                        text.append(java.util.Arrays.toString(tensor.getShape()));
                    }
                });
        return text.toString();
    }

    private static void requireFloatTensor(
            ModelSpec spec, Path file, String role, String name, NodeInfo info) {
        if (!(info.getInfo() instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
            throw new ModelLoadException(
                    "model "
                            + spec.name()
                            + " at "
                            + file
                            + ": "
                            + role
                            + " "
                            + name
                            + " must be a float32 tensor, but is "
                            + info.getInfo());
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("Closing an ONNX Runtime session failed", e);
        }
    }
}
