#!/usr/bin/env bash
# Pack what a GPU run of the verifier needs beyond the working tree into .cache/gpu_carry (git-ignored),
# then run it on a lent GPU machine with the device tool:
#   run(command="bash train/verifier/gpu_run.sh", carry=[".cache/gpu_carry"], timeout_s=600)
# Weights do not travel: the run rebuilds the model from the tracked int8 ONNX file (from_onnx.py).
# The tracked tree is about 44 MB of the 64 MiB a call may send, so the data go gzipped (about 8 MB).
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${DATA:-../shared/data/nli}
CARRY=.cache/gpu_carry
rm -rf "$CARRY" && mkdir -p "$CARRY/nli"
for f in train_permissive dev_permissive check_covid_test fever_adversarial_test; do
  gzip -9 -c "$DATA/$f.jsonl" > "$CARRY/nli/$f.jsonl.gz"
done
NEG=${NEG:-.cache/verifier3/negation_pairs.jsonl}  # made by train.py --stage2 (needs spaCy, which the GPU image lacks)
if [ ! -f "$NEG" ]; then  # make them once, with the seed train.py uses
  mkdir -p "$(dirname "$NEG")"
  # train.py imports torch, which lives in .venv-train (make train-deps), never in .venv
  PYTHONPATH=train/verifier ${PYTHON:-.venv-train/bin/python} -c "
from pathlib import Path
from train import read_jsonl, stage2_pairs
stage2_pairs(read_jsonl(Path('$DATA/train_permissive.jsonl')), Path('$NEG'), 13)"
fi
gzip -9 -c "$NEG" > "$CARRY/negation_pairs.jsonl.gz"
# Emergent headline pairs for gpu_run.sh's stage-3 pass (claims_emergent's odd half left out, as shipped)
${PYTHON:-.venv-train/bin/python} train/verifier/emergent_pairs.py --out "$CARRY/emergent_pairs.jsonl"
gzip -9 "$CARRY/emergent_pairs.jsonl"
tracked=$(git ls-files -z | xargs -0 du -cb | tail -1 | cut -f1)
carried=$(du -sb "$CARRY" | cut -f1)
echo "tracked tree $((tracked / 1048576)) MiB + carry $((carried / 1048576)) MiB (limit 64 MiB together)"
[ $((tracked + carried)) -lt $((64 * 1048576)) ] || { echo "too large to send" >&2; exit 1; }
