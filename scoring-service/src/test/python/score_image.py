#!/usr/bin/env python3
"""Score one image with the scoring service from Python (grpcio), using stubs generated from the
repository's .proto files (see docs/clients.md). Prints one JSON object with the results of the own
API (Score) and of the Open Inference Protocol v2 surface (ModelInfer).

usage: score_image.py --target HOST:PORT --model NAME --image FILE [--version N]
                      [--sensitivity S] [--ca-cert ca.pem] [--heatmap out.png]
"""
import argparse
import json
import struct
import sys

import grpc

from inference import grpc_predict_v2_pb2 as oip
from inference import grpc_predict_v2_pb2_grpc as oip_grpc
from inspection.common.v1 import image_pb2
from inspection.scoring.v1 import scoring_service_pb2 as scoring
from inspection.scoring.v1 import scoring_service_pb2_grpc as scoring_grpc

# Large images (and float32 maps) exceed gRPC's 4 MiB default in both directions.
MAX_MESSAGE = 64 * 1024 * 1024
CHANNEL_OPTIONS = [
    ("grpc.max_send_message_length", MAX_MESSAGE),
    ("grpc.max_receive_message_length", MAX_MESSAGE),
]


def open_channel(target, ca_cert):
    if ca_cert:
        with open(ca_cert, "rb") as f:
            credentials = grpc.ssl_channel_credentials(root_certificates=f.read())
        return grpc.secure_channel(target, credentials, options=CHANNEL_OPTIONS)
    return grpc.insecure_channel(target, options=CHANNEL_OPTIONS)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--image", required=True)
    parser.add_argument("--version", type=int, default=0, help="0 = the active version")
    parser.add_argument("--sensitivity", type=float)
    parser.add_argument("--ca-cert", help="PEM CA certificate for TLS; plaintext when absent")
    parser.add_argument("--heatmap", help="write the heatmap PNG here")
    args = parser.parse_args()

    with open(args.image, "rb") as f:
        encoded = f.read()

    with open_channel(args.target, args.ca_cert) as channel:
        # Own API: score, verdict, regions, optional heatmap.
        options = scoring.ScoreOptions(heatmap_png=bool(args.heatmap), regions=True)
        if args.sensitivity is not None:
            options.sensitivity = args.sensitivity
        request = scoring.ScoreRequest(
            request_id="py-1", model_name=args.model, version=args.version,
            image=image_pb2.Image(encoded=encoded, name=args.image), options=options)
        try:
            response = scoring_grpc.ScoringServiceStub(channel).Score(request, timeout=60)
        except grpc.RpcError as e:
            print(f"Score failed: {e.code().name}: {e.details()}", file=sys.stderr)
            return 1
        if args.heatmap:
            with open(args.heatmap, "wb") as f:
                f.write(response.heatmap_png)

        # Open Inference Protocol v2: one BYTES input "image" holding the encoded file.
        infer = oip.ModelInferRequest(
            model_name=args.model, model_version=str(args.version) if args.version else "", id="py-2",
            inputs=[oip.ModelInferRequest.InferInputTensor(
                name="image", datatype="BYTES", shape=[1],
                contents=oip.InferTensorContents(bytes_contents=[encoded]))],
            outputs=[oip.ModelInferRequest.InferRequestedOutputTensor(name=n)
                     for n in ("score", "raw_score", "label")])
        outputs = oip_grpc.GRPCInferenceServiceStub(channel).ModelInfer(infer, timeout=60).outputs
        by_name = {o.name: o for o in outputs}

        # The same request with Triton's raw encoding: 4-byte little-endian length prefix per element.
        raw_infer = oip.ModelInferRequest(
            model_name=args.model, id="py-3",
            inputs=[oip.ModelInferRequest.InferInputTensor(name="image", datatype="BYTES", shape=[1])],
            outputs=[oip.ModelInferRequest.InferRequestedOutputTensor(name="raw_score")],
            raw_input_contents=[struct.pack("<I", len(encoded)) + encoded])
        raw_reply = oip_grpc.GRPCInferenceServiceStub(channel).ModelInfer(raw_infer, timeout=60)
        (raw_score_le,) = struct.unpack("<f", raw_reply.raw_output_contents[0])

    print(json.dumps({
        "request_id": response.request_id,
        "model": f"{response.model_name}:{response.model_version}",
        "score": response.score,
        "raw_score": response.raw_score,
        "verdict": scoring.Verdict.Name(response.verdict),
        "threshold": response.threshold,
        "regions": len(response.regions),
        "total_ms": response.timings.total_us / 1000.0,
        "oip_score": by_name["score"].contents.fp32_contents[0],
        "oip_raw_score": by_name["raw_score"].contents.fp32_contents[0],
        "oip_label": by_name["label"].contents.int_contents[0],
        "oip_raw_contents_raw_score": raw_score_le,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
