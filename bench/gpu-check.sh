#!/usr/bin/env bash
# The GPU check of issue 20, in about 8 minutes on a machine with an NVIDIA GPU:
#   1. builds the app with -Pgpu (onnxruntime_gpu instead of onnxruntime),
#   2. checks that ONNX Runtime's CUDA provider starts and runs the detector (CudaCheck),
#   3. runs `headcount bench` on CUDA at 1920x1080 and 1280x720, with cross-frame batching of the
#      detector off and on where the build has it,
# and writes every result under $OUT (else bench/target/gpu-check): nvidia-smi.txt, cuda-check.txt,
# bench-<W>x<H>-batch-<off|on>.json and .log, summary.txt.
#
# Needs: an NVIDIA GPU, its driver, the CUDA 12 (cudart, cuBLAS, cuRAND) and cuDNN 9 libraries on
# LD_LIBRARY_PATH, Java 17, the shared models and data (../shared), and a Maven repository holding
# the project's dependencies with onnxruntime_gpu (the build runs offline; on a machine with a
# network, `./mvnw -Pgpu -pl app -am dependency:go-offline` fills it once). SKIP_BUILD=1 uses an
# app already built with -Pgpu. GPU_DEVICE picks the CUDA device (0).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT_DIR=${OUT:-$ROOT/bench/target/gpu-check}
DEVICE=${GPU_DEVICE:-0}
# Per bench run: frames, warm-up, two rounds of floor + end to end, a short latency phase. The
# JVM gets a hard limit so the whole check stays within about 8 minutes. 16 cameras on 4 subtasks:
# batches form per subtask, across its cameras (one frame per camera per batch for the heads).
# A fixed 6 s warm-up (no waiting for the JIT to settle): the figures are of a JVM's first minute.
BENCH_ARGS=(--faces 3 --frames 60 --warmup-seconds 6 --max-warmup-seconds 6 --seconds 20 --rounds 2 --latency-seconds 5
  --e2e-cameras 16 --set parallelism=4 --aggregation-observations 0 --set onnx.execution-provider=cuda --set "onnx.cuda-device=$DEVICE")
RUN_LIMIT_S=${RUN_LIMIT_S:-110}
mkdir -p "$OUT_DIR"
cd "$ROOT"

log() { echo "gpu-check: $*" | tee -a "$OUT_DIR/summary.txt" >&2; }
: >"$OUT_DIR/summary.txt"
log "started $(date -u +%FT%TZ) on $(hostname), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
nvidia-smi >"$OUT_DIR/nvidia-smi.txt" 2>&1 || log "nvidia-smi failed (see nvidia-smi.txt)"

if [ -z "${SKIP_BUILD:-}" ]; then
  log "building the app with -Pgpu..."
  ./mvnw -B -ntp -o -q -Pgpu -DskipTests -Dspotless.check.skip=true package -pl app -am \
    >"$OUT_DIR/build.log" 2>&1 || { log "the -Pgpu build failed (build.log)"; exit 1; }
fi
JAR="$ROOT/app/target/headcount-app.jar"
if ! ls "$ROOT"/app/target/lib/onnxruntime_gpu-*.jar >/dev/null 2>&1; then
  log "$JAR was not built with -Pgpu (no onnxruntime_gpu in app/target/lib)"
  exit 1
fi

export HEADCOUNT_PROJECT_ROOT="$ROOT"
if ! timeout 240 java -cp "$JAR" io.headcount.bench.CudaCheck "$DEVICE" >"$OUT_DIR/cuda-check.txt" 2>&1; then
  log "the CUDA provider does not run: $(tail -n 1 "$OUT_DIR/cuda-check.txt")"
  exit 1
fi
log "$(grep 'CUDA provider runs' "$OUT_DIR/cuda-check.txt")"

# Cross-frame batching of the detector and the heads (detector.batch-frames, attributes.batch-frames;
# auto = 8 on CUDA), where the build
# has the option: off = one frame per run, on = up to 8 frames per run.
BATCH_MODES=(off)
if unzip -p "$ROOT"/app/target/lib/headcount-vision-*.jar 'io/headcount/vision/settings/DetectorOptions.class' 2>/dev/null \
  | grep -aq 'detector.batch-frames'; then
  BATCH_MODES=(off on)
else
  log "no cross-frame batching in this build: benches run without it"
fi

for size in 1920x1080 1280x720; do
  for batch in "${BATCH_MODES[@]}"; do
    name="bench-$size-batch-$batch"
    extra=(--set detector.batch-frames=1 --set attributes.batch-frames=1)
    [ "$batch" = on ] && extra=(--set detector.batch-frames=8 --set attributes.batch-frames=8)
    log "headcount bench $size, batching $batch (load $(cut -d' ' -f1-3 /proc/loadavg))..."
    if HEADCOUNT_NO_BUILD=1 timeout "$RUN_LIMIT_S" "$ROOT/bin/headcount" bench \
      --width "${size%x*}" --height "${size#*x}" "${BENCH_ARGS[@]}" ${extra[@]+"${extra[@]}"} \
      --out "$OUT_DIR/$name.json" >"$OUT_DIR/$name.log" 2>&1; then
      log "$size batching $batch: $(grep -E '^(End to end|ORT floor |e2e / floor)' "$OUT_DIR/$name.log" | tr -s ' ' | paste -sd ';' -)"
    else
      log "$size batching $batch failed or ran past ${RUN_LIMIT_S} s (see $name.log)"
    fi
  done
done
log "done $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
