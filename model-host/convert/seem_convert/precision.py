"""Precision variants of an exported float32 graph (docs/converter.md, "Precision variants").

- **fp16** (WebGPU, `shader-f16`): weights *and* arithmetic in float16; graph inputs and outputs stay float32 (the
  contract's), cast at the edges. The ops in KEEP_FP32 run in float32 between casts, each for the reason given.
- **int8** (WASM): every MatMul/Gemm with a constant weight becomes a dynamically quantised integer matmul (int8
  weights per output column, uint8 activations per tensor, quantised at run time), which onnxruntime fuses into
  MatMulIntegerToFloat; large Conv weights and embedding tables are stored as int8 and dequantised in the graph
  (weight-only: smaller download, float32 arithmetic).

Both work on the ONNX graph alone, so they apply to every graph of any bundle (also one converted earlier).
"""
import time
from pathlib import Path
from typing import Callable, Dict, List

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# Ops kept in float32 in the fp16 variant, and why.
KEEP_FP32 = {
    "LayerNormalization": "mean and variance over 512 channels: squares overflow or underflow float16",
    "InstanceNormalization": "GroupNorm's statistics: same as LayerNormalization",
    "Softmax": "exp of attention logits: float16 overflows above 11, and the sum loses the small terms",
    "ReduceMean": "means over many pixels or points (channel norms, prompt summaries) lose precision in float16",
    "ReduceSum": "sums over mask pixels exceed float16's 2048 exact integers and its 65504 maximum",
    "Exp": "the logit scale: exp of a learned value, 100 for SEEM, squared products overflow",
    "Pow": "squares inside hand-written norms overflow float16",
    "Sqrt": "of a variance computed in float32: kept with it",
    "Range": "integer-valued positions (sine embeddings); onnxruntime has no float16 Range",
}
# Inputs that the ONNX spec types as float32 whatever the op's data type.
FLOAT32_INPUTS = {("Resize", 1), ("Resize", 2)}
ELEMENTWISE = {"Add", "Sub", "Mul", "Div", "Floor", "Ceil", "Neg", "Abs", "Max", "Min", "Clip"}
MIN_QUANT_ELEMENTS = 16384
# Where a weight's output channels are, by consumer (op, input): each channel gets its own int8 scale.
WEIGHT_AXIS = {("MatMul", 1): lambda w: w.ndim - 1, ("Gemm", 1): 1, "GemmT": 0, ("Conv", 1): 0, ("Gather", 0): 0}


class _Graph:
    """A graph's producers, consumers and constant initializers (seen through torch's Identity aliases)."""

    def __init__(self, model: onnx.ModelProto):
        self.model = model
        g = model.graph
        self.inits = {i.name: i for i in g.initializer}
        self.alias = {n.output[0]: n.input[0] for n in g.node if n.op_type == "Identity" and n.input[0] in self.inits}
        self.counter = 0

    def const(self, name: str):
        name = self.alias.get(name, name)
        init = self.inits.get(name)
        return None if init is None else numpy_helper.to_array(init)

    def fresh(self, base: str) -> str:
        self.counter += 1
        return f"{base}__q{self.counter}"

    def add_init(self, array: np.ndarray, base: str) -> str:
        name = self.fresh(base)
        self.model.graph.initializer.append(numpy_helper.from_array(array, name))
        self.inits[name] = self.model.graph.initializer[-1]
        return name


def _prune(model: onnx.ModelProto) -> None:
    """Drops nodes and initializers nothing reads any more (the float weights a quantised node replaced)."""
    g = model.graph
    needed = {o.name for o in g.output}
    keep = []
    for n in reversed(g.node):
        if any(o in needed for o in n.output):
            keep.append(n)
            needed.update(i for i in n.input if i)
    keep.reverse()
    del g.node[:]
    g.node.extend(keep)
    inits = [i for i in g.initializer if i.name in needed]
    del g.initializer[:]
    g.initializer.extend(inits)


def _quantize_columns(w: np.ndarray):
    """Symmetric int8 per output column of a [K, N] weight: w ≈ q · scale[n]."""
    scale = np.abs(w).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def _quantize_axis(w: np.ndarray, axis: int):
    """Symmetric int8 per slice along `axis` (a weight's output channels): w ≈ q · scale, the scale shaped to
    broadcast against w."""
    moved = np.moveaxis(w, axis, -1)
    q, scale = _quantize_columns(moved.reshape(-1, w.shape[axis]))
    shape = [1] * w.ndim
    shape[axis] = w.shape[axis]
    return np.ascontiguousarray(np.moveaxis(q.reshape(moved.shape), -1, axis)), scale.reshape(shape)


def _folded_dequant(q: str, scale: str, out: str, to: int) -> list:
    """`Cast → Mul` of int8 constants in float32 (then a Cast to float16 when `to` says so): onnxruntime folds them
    into one initializer when it creates the session, so the download is int8 and memory and arithmetic are `to`.
    Float32 first because constant folding runs on CPU kernels, and there is no float16 Mul among them."""
    f32 = out if to == TensorProto.FLOAT else out + "_f32"
    nodes = [
        helper.make_node("Cast", [q], [q + "_cast"], to=TensorProto.FLOAT, name=q + "_cast"),
        helper.make_node("Mul", [q + "_cast", scale], [f32], name=f32 + "_dequant"),
    ]
    if to != TensorProto.FLOAT:
        nodes.append(helper.make_node("Cast", [f32], [out], to=to, name=out + "_cast"))
    return nodes


def to_int8(src: Path, dst: Path, min_elements: int = MIN_QUANT_ELEMENTS, matmuls: str = "dynamic") -> dict:
    """Writes the int8 variant of `src`; returns counts of what was quantised. matmuls="dynamic": integer matmuls
    (activations quantised at run time); "weights": int8-stored weights, float32 arithmetic; "weights-in-memory":
    the same, with the weights kept int8 in memory (dequantised on every run)."""
    model = onnx.load(str(src))
    gr = _Graph(model)

    def dequantised(w: np.ndarray, axis: int, nodes: list) -> str:
        """int8 per `axis` slice. matmuls="weights": Cast and Mul of constants, which onnxruntime folds back into a
        float32 initializer when it creates the session (an int8 download, float32 memory and arithmetic);
        "weights-in-memory": DequantizeLinear, which it does not fold, so the weights stay int8 in memory and are
        dequantised on every run (for a graph run once per text, where memory matters more than the few ms)."""
        q, scale = _quantize_axis(w, axis)
        wq = gr.add_init(q, "w_int8")
        wf = gr.fresh("w_f32")
        if matmuls == "weights-in-memory":
            ws, wzp = gr.add_init(scale.reshape(-1), "w_scale"), gr.add_init(np.zeros(w.shape[axis], np.int8), "w_zp")
            nodes.append(helper.make_node("DequantizeLinear", [wq, ws, wzp], [wf], axis=axis, name=gr.fresh("dq")))
        else:
            nodes += _folded_dequant(wq, gr.add_init(scale, "w_scale"), wf, TensorProto.FLOAT)
        return wf
    out_nodes: List[onnx.NodeProto] = []
    counts = {"MatMul": 0, "Gemm": 0, "Conv": 0, "Gather": 0}
    quantised_inputs = {}  # activation → (q, scale, zero point): Q/K/V projections share one quantisation

    def quantise_activation(a: str, nodes: list):
        if a not in quantised_inputs:
            q, s, z = gr.fresh(a + "_q"), gr.fresh(a + "_scale"), gr.fresh(a + "_zp")
            nodes.append(helper.make_node("DynamicQuantizeLinear", [a], [q, s, z], name=gr.fresh("dql")))
            quantised_inputs[a] = (q, s, z)
        return quantised_inputs[a]

    def integer_matmul(a: str, w: np.ndarray, out: str, nodes: list):
        q, scale = _quantize_columns(w)
        aq, a_scale, a_zp = quantise_activation(a, nodes)
        wq = gr.add_init(q, "w_int8")
        wzp = gr.add_init(np.zeros(q.shape[1], np.int8), "w_zp")
        ws = gr.add_init(scale, "w_scale")
        acc, acc_f, both = gr.fresh("acc"), gr.fresh("acc_f"), gr.fresh("scale")
        # onnxruntime's MatMulIntegerToFloat fusion looks for exactly this pattern (as its quantize_dynamic emits)
        nodes += [
            helper.make_node("MatMulInteger", [aq, wq, a_zp, wzp], [acc], name=gr.fresh("mmi")),
            helper.make_node("Mul", [a_scale, ws], [both], name=gr.fresh("mul")),
            helper.make_node("Cast", [acc], [acc_f], to=TensorProto.FLOAT, name=gr.fresh("cast")),
            helper.make_node("Mul", [acc_f, both], [out], name=gr.fresh("mul")),
        ]

    for n in model.graph.node:
        attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
        w = gr.const(n.input[1]) if len(n.input) > 1 else None
        big = w is not None and w.dtype == np.float32 and w.size >= min_elements
        if n.op_type in ("MatMul", "Gemm") and big and matmuls != "dynamic":
            axis = 0 if n.op_type == "Gemm" and attrs.get("transB", 0) else w.ndim - 1
            n.input[1] = dequantised(w, axis, out_nodes)
            out_nodes.append(n)
            counts[n.op_type] += 1
        elif n.op_type == "MatMul" and big and w.ndim == 2:
            integer_matmul(n.input[0], w, n.output[0], out_nodes)
            counts["MatMul"] += 1
        elif n.op_type == "Gemm" and big and attrs.get("alpha", 1.0) == 1.0 and attrs.get("beta", 1.0) == 1.0 and not attrs.get("transA", 0):
            product = gr.fresh("gemm") if len(n.input) > 2 else n.output[0]
            integer_matmul(n.input[0], w.T if attrs.get("transB", 0) else w, product, out_nodes)
            if len(n.input) > 2:
                out_nodes.append(helper.make_node("Add", [product, n.input[2]], [n.output[0]], name=gr.fresh("bias")))
            counts["Gemm"] += 1
        elif n.op_type == "Conv" and big:
            # weight-only: int8 per output channel; the conv stays float32 (onnxruntime-web's ConvInteger measured 4×
            # slower than its float Conv on the pixel decoder's 3×3 convs)
            n.input[1] = dequantised(w, 0, out_nodes)
            out_nodes.append(n)
            counts["Conv"] += 1
        elif n.op_type == "Gather" and gr.const(n.input[0]) is not None and attrs.get("axis", 0) == 0:
            table = gr.const(n.input[0])
            if table.dtype != np.float32 or table.ndim != 2 or table.size < min_elements:
                out_nodes.append(n)
                continue
            # an embedding table (CLIP's 49408 × 512 tokens): int8 rows with one scale each, gathered then scaled
            q, scale = _quantize_columns(table.T)
            tq, ts = gr.add_init(np.ascontiguousarray(q.T), "table_int8"), gr.add_init(scale.reshape(-1, 1), "table_scale")
            rows, row_scale, rows_f = gr.fresh("rows"), gr.fresh("row_scale"), gr.fresh("rows_f")
            out_nodes += [
                helper.make_node("Gather", [tq, n.input[1]], [rows], name=gr.fresh("gather")),
                helper.make_node("Gather", [ts, n.input[1]], [row_scale], name=gr.fresh("gather")),
                helper.make_node("Cast", [rows], [rows_f], to=TensorProto.FLOAT, name=gr.fresh("cast")),
                helper.make_node("Mul", [rows_f, row_scale], [n.output[0]], name=gr.fresh("mul")),
            ]
            counts["Gather"] += 1
        else:
            out_nodes.append(n)
    del model.graph.node[:]
    model.graph.node.extend(out_nodes)
    _prune(model)
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, str(dst))
    return counts


def _skip_weight_aliases(model: onnx.ModelProto) -> None:
    """torch's exporter reads shared weights through Identity nodes; consumers read the initializer itself instead,
    so that each weight is converted for the op that uses it."""
    g = model.graph
    inits = {i.name for i in g.initializer}
    outputs = {o.name for o in g.output}
    alias = {n.output[0]: n.input[0] for n in g.node if n.op_type == "Identity" and n.input[0] in inits and n.output[0] not in outputs}
    keep = [n for n in g.node if not (n.op_type == "Identity" and n.output[0] in alias)]
    for n in keep:
        n.input[:] = [alias.get(i, i) for i in n.input]
    del g.node[:]
    g.node.extend(keep)


def _elem_types(model: onnx.ModelProto) -> dict:
    inferred = onnx.shape_inference.infer_shapes(model)
    g = inferred.graph
    types = {v.name: v.type.tensor_type.elem_type for v in [*g.input, *g.output, *g.value_info]}
    types.update({i.name: i.data_type for i in g.initializer})
    return types


def to_fp16(src: Path, dst: Path, weights: str = "fp16") -> dict:
    """Writes the fp16-compute variant of `src`; returns how many nodes run in float16 and float32.
    weights="int8": large MatMul/Gemm/Conv weights and embedding tables are stored as int8 (per output channel)."""
    model = onnx.load(str(src))
    g = model.graph
    _skip_weight_aliases(model)
    types = _elem_types(model)
    F32, F16 = TensorProto.FLOAT, TensorProto.FLOAT16
    is_float = lambda name: types.get(name) == F32  # noqa: E731
    inits = {i.name: i for i in g.initializer}
    # float values computed from shapes (Cast of an integer, then arithmetic) are sizes and indices: exact in float32
    shape_float = set()
    produced = {}  # tensor → the float type its producer now gives it
    graph_inputs = {i.name for i in g.input}
    for name in graph_inputs:
        if is_float(name):
            produced[name] = F32
    nodes, casts = [], {}
    counts = {"fp16": 0, "fp32": 0}

    def stored_int8(arr: np.ndarray, axis: int, new: str) -> str:
        """A float16 weight stored as int8 per `axis` slice (_folded_dequant)."""
        q, scale = _quantize_axis(arr, axis)
        g.initializer.append(numpy_helper.from_array(q, new + "_int8"))
        g.initializer.append(numpy_helper.from_array(scale, new + "_scale"))
        nodes.extend(_folded_dequant(new + "_int8", new + "_scale", new, F16))
        return new

    def cast_to(name: str, want: int, consumer=None) -> str:
        """`name` as type `want`: itself, a converted initializer, or a (shared) Cast node's output."""
        if name in inits:
            key = (name, want)
            if key not in casts:
                arr = numpy_helper.to_array(inits[name])
                new = f"{name}__{'fp16' if want == F16 else 'fp32'}"
                axis = WEIGHT_AXIS.get(consumer) if want == F16 and weights == "int8" and arr.size >= MIN_QUANT_ELEMENTS else None
                if axis is not None and arr.ndim >= 2:
                    casts[key] = stored_int8(arr, axis(arr) if callable(axis) else axis, new)
                    return casts[key]
                g.initializer.append(numpy_helper.from_array(arr.astype(np.float16 if want == F16 else np.float32), new))
                casts[key] = new
            return casts[key]
        have = produced.get(name, F32)
        if have == want:
            return name
        key = (name, want)
        if key not in casts:
            casts[key] = f"{name}__to{'16' if want == F16 else '32'}"
            nodes.append(helper.make_node("Cast", [name], [casts[key]], to=want, name=casts[key]))
        return casts[key]

    for n in g.node:
        float_ins = [i for i in n.input if i and is_float(i)]
        int_in = any(i and types.get(i) not in (None, F32, F16, TensorProto.BOOL) for i in n.input)
        if n.op_type == "Cast" and int_in and helper.get_attribute_value(n.attribute[0]) == F32:
            shape_float.add(n.output[0])
        elif n.op_type in ELEMENTWISE | {"Range", "Cast"} and float_ins and all(i in shape_float or i in inits for i in float_ins):
            shape_float.update(o for o in n.output if is_float(o))
        keep32 = (
            n.op_type in KEEP_FP32
            or any(o in shape_float for o in n.output)
            or (n.op_type in ELEMENTWISE and float_ins and all(produced.get(i) == F32 and i not in graph_inputs for i in float_ins if i not in inits))
        )
        if n.op_type == "Constant":
            t = n.attribute[0].t
            if t.data_type == F32 and n.output[0] not in shape_float:
                # constants follow their consumers: stored as float16, cast back where float32 is needed
                arr = numpy_helper.to_array(t).astype(np.float16)
                n.attribute[0].t.CopyFrom(numpy_helper.from_array(arr, t.name))
                produced[n.output[0]] = F16
            elif t.data_type == F32:
                produced[n.output[0]] = F32
            nodes.append(n)
            continue
        want = F32 if keep32 else F16
        for j, name in enumerate(n.input):
            if name and is_float(name):
                gemm_b = n.op_type == "Gemm" and j == 1 and any(a.name == "transB" and a.i for a in n.attribute)
                n.input[j] = cast_to(name, F32 if (n.op_type, j) in FLOAT32_INPUTS else want, "GemmT" if gemm_b else (n.op_type, j))
        if n.op_type == "Cast" and helper.get_attribute_value(n.attribute[0]) == F32 and not keep32:
            n.attribute[0].i = F16
        if n.op_type == "ConstantOfShape" and n.attribute and n.attribute[0].t.data_type == F32 and not keep32:
            n.attribute[0].t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(n.attribute[0].t).astype(np.float16)))
        for o in n.output:
            if is_float(o):
                produced[o] = want
        counts["fp32" if keep32 else "fp16"] += 1
        nodes.append(n)
    # outputs stay float32 (the contract): the producer's value is renamed and cast back under the output's name
    for out in g.output:
        if is_float(out.name) and produced.get(out.name) == F16:
            inner = out.name + "__fp16"
            for n in nodes:
                n.output[:] = [inner if o == out.name else o for o in n.output]
                n.input[:] = [inner if i == out.name else i for i in n.input]
            nodes.append(helper.make_node("Cast", [inner], [out.name], to=F32, name=out.name + "__cast"))
    del g.node[:]
    g.node.extend(nodes)
    del g.value_info[:]  # stale float32 types; onnxruntime infers them again
    _prune(model)
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, str(dst))
    return counts


INT8_MATMULS = {"image_encoder": "dynamic", "text_encoder": "weights-in-memory"}
# name → the writer of that precision's graph. "fp32" is the exported graph itself.
WRITERS: Dict[str, Callable[[Path, Path], dict]] = {
    "fp16": lambda src, dst: to_fp16(src, dst),
    "q8f16": lambda src, dst: to_fp16(src, dst, weights="int8"),
    # integer matmuls where they pay, in the image encoder (the bulk of the time); the decoder and the text encoder,
    # whose outputs pick the mask and name the class, keep float32 arithmetic on int8-stored weights (docs/converter.md)
    # (the text encoder, run once per text, keeps its weights int8 in memory: 64 instead of 254 MB for Focal-T)
    "int8": lambda src, dst: to_int8(src, dst, matmuls=INT8_MATMULS.get(src.name.split(".")[0], "weights")),
}
PRECISIONS = ["fp32", *WRITERS]
# visual_prompt samples features at point coordinates (no weights, a few KB): it stays float32 in every variant,
# where float16 would move a point by up to 1/8 pixel at 256.
VARIANT_GRAPHS = ("image_encoder.onnx", "query_decoder.onnx", "prompt_decoder.onnx", "text_encoder.onnx")


def variant_file(graph_file: str, precision: str) -> str:
    """image_encoder.onnx → image_encoder.int8.onnx (the contract's name, tagged)."""
    return f"{graph_file[: -len('.onnx')]}.{precision}.onnx"


def write_variants(out: Path, decoder: str, precisions: list, base: str, log) -> dict:
    """Writes each precision's graphs beside the float32 ones, as {precision: {graph: file}}. A base other than
    fp32 replaces the float32 graphs themselves (a bundle of one precision)."""
    from .contract import graph_files

    graphs = [g for g in graph_files(decoder) if g in VARIANT_GRAPHS]
    variants = {}
    for precision in ([base] if base != "fp32" else []) + list(precisions):
        files = {}
        for graph in graphs:
            dst = out / (graph if precision == base else variant_file(graph, precision))
            tmp = dst.with_suffix(".tmp.onnx")
            t0 = time.time()
            counts = WRITERS[precision](out / graph, tmp)
            tmp.replace(dst)
            log(f"{precision} {graph} → {dst.name}: {dst.stat().st_size / 1e6:.1f} MB in {time.time() - t0:.1f} s ({counts})")
            files[graph] = dst.name
        if precision != base:
            variants[precision] = files
    return variants
