#!/usr/bin/env python3
"""OpenCV's YuNet on the same frames as `headcount bench`, end to end per frame.

Times, per decoded frame: resize (longest side to the model size, never enlarged), zero padding
to the model's square input, blobFromImage, forward, decoding of the 3 strides and NMS. The JPEG
decoding is not timed (the Java side starts from decoded pixels too).

OpenCV 4.6's FaceDetectorYN refuses these YuNet files and cv2.dnn cannot import the dynamic one,
so this runs the fixed-size file (det_yunet_n_640x640.onnx) through cv2.dnn and decodes as
shared/models/MODELS.md says. Prints one JSON object on stdout.
"""
import argparse
import glob
import json
import os
import sys
import time

import cv2
import numpy as np

STRIDES = (8, 16, 32)


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--frames", required=True, help="folder of *.jpg frames")
    parser.add_argument("--size", type=int, default=640, help="the model's square input side")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--score", type=float, default=0.6)
    parser.add_argument("--nms", type=float, default=0.3)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=1, help="passes over the frames")
    return parser.parse_args()


def detect(net, names, image, size, score_threshold, nms_iou):
    height, width = image.shape[:2]
    scale = min(1.0, size / max(width, height))
    content_w, content_h = max(1, round(width * scale)), max(1, round(height * scale))
    if (content_w, content_h) != (width, height):
        image = cv2.resize(image, (content_w, content_h), interpolation=cv2.INTER_LINEAR)
    padded = cv2.copyMakeBorder(image, 0, size - content_h, 0, size - content_w,
                                cv2.BORDER_CONSTANT, value=(0, 0, 0))
    net.setInput(cv2.dnn.blobFromImage(padded))
    outputs = dict(zip(names, net.forward(names)))
    boxes, scores = [], []
    for stride in STRIDES:
        cols = size // stride
        cls = outputs["cls_%d" % stride].reshape(-1)
        obj = outputs["obj_%d" % stride].reshape(-1)
        score = np.sqrt(np.clip(cls, 0, 1) * np.clip(obj, 0, 1))
        keep = np.nonzero(score >= score_threshold)[0]
        if keep.size == 0:
            continue
        bbox = outputs["bbox_%d" % stride].reshape(-1, 4)[keep]
        kps = outputs["kps_%d" % stride].reshape(-1, 10)[keep]
        col = (keep % cols).astype(np.float32)
        row = (keep // cols).astype(np.float32)
        cx = (col + bbox[:, 0]) * stride
        cy = (row + bbox[:, 1]) * stride
        w = np.exp(bbox[:, 2]) * stride
        h = np.exp(bbox[:, 3]) * stride
        kps_x = (col[:, None] + kps[:, 0::2]) * stride / scale
        kps_y = (row[:, None] + kps[:, 1::2]) * stride / scale
        del kps_x, kps_y  # decoded as OpenCV does; the landmarks are not compared here
        boxes.append(np.stack([(cx - w / 2) / scale, (cy - h / 2) / scale, w / scale, h / scale], 1))
        scores.append(score[keep])
    if not boxes:
        return 0
    boxes = np.concatenate(boxes)
    scores = np.concatenate(scores)
    kept = cv2.dnn.NMSBoxes(boxes.tolist(), scores.tolist(), score_threshold, nms_iou)
    return len(kept)


def main():
    args = parse_args()
    cv2.setNumThreads(args.threads)
    net = cv2.dnn.readNet(args.model)
    names = ["%s_%d" % (head, stride) for head in ("cls", "obj", "bbox", "kps") for stride in STRIDES]
    files = sorted(glob.glob(os.path.join(args.frames, "*.jpg")))
    if not files:
        print("no frames in " + args.frames, file=sys.stderr)
        return 2
    images = [cv2.imread(f, cv2.IMREAD_COLOR) for f in files]
    for image in images[: args.warmup]:
        detect(net, names, image, args.size, args.score, args.nms)
    times, faces = [], 0
    for _ in range(args.repeat):
        for image in images:
            start = time.perf_counter()
            faces += detect(net, names, image, args.size, args.score, args.nms)
            times.append((time.perf_counter() - start) * 1000.0)
    times.sort()
    print(json.dumps({
        "opencv_version": cv2.__version__,
        "threads": args.threads,
        "input": "%dx%d" % (args.size, args.size),
        "frames": len(times),
        "faces": faces,
        "detect_ms_mean": sum(times) / len(times),
        "detect_ms_p50": times[len(times) // 2],
        "detect_ms_p99": times[min(len(times) - 1, int(len(times) * 0.99))],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
