"""Precision variants (seem_convert/precision.py) on a small hand-built graph: what each variant stores, which ops
stay float32, and that the contract's float32 inputs and outputs are kept. Numerics are checked end to end in
onnxruntime by test/convert/precision.test.ts."""
import numpy as np
import onnx
from onnx import TensorProto as T, helper, numpy_helper

from seem_convert.precision import KEEP_FP32, to_fp16, to_int8

rng = np.random.default_rng(0)


def graph(tmp_path):
    """x [1, 8, 64] → LayerNorm → MatMul (via torch's Identity alias) → Softmax → Gemm; a token table; a conv;
    a float computed from a shape (a size: must stay exact)."""
    w = lambda *s: numpy_helper.from_array(rng.standard_normal(s).astype(np.float32), f"w{len(s)}_{s[0]}")  # noqa: E731
    inits = [w(64, 256), w(128, 256), numpy_helper.from_array(np.ones(64, np.float32), "ln_s"), numpy_helper.from_array(np.zeros(64, np.float32), "ln_b"),
             w(1000, 64), w(64, 32, 3, 3), numpy_helper.from_array(np.array(2.0, np.float32), "two")]
    nodes = [  # in topological order
        helper.make_node("Identity", ["w2_64"], ["w_alias"]),
        helper.make_node("LayerNormalization", ["x", "ln_s", "ln_b"], ["ln"], axis=-1),
        helper.make_node("MatMul", ["ln", "w_alias"], ["mm"]),
        helper.make_node("Softmax", ["mm"], ["sm"], axis=-1),
        helper.make_node("Reshape", ["sm", "shape2d"], ["flat"]),
        helper.make_node("Gemm", ["flat", "w2_128"], ["gemm"], transB=1),
        helper.make_node("Gather", ["w2_1000", "ids"], ["emb"]),
        helper.make_node("Conv", ["img", "w4_64"], ["conv"]),
        helper.make_node("Shape", ["x"], ["shp"]),
        helper.make_node("Gather", ["shp", "one"], ["n"], axis=0),
        helper.make_node("Cast", ["n"], ["n_f"], to=T.FLOAT),
        helper.make_node("Div", ["n_f", "two"], ["half"]),
    ]
    inits += [numpy_helper.from_array(np.array([8, 256], np.int64), "shape2d"), numpy_helper.from_array(np.array(1, np.int64), "one")]
    g = helper.make_graph(
        nodes, "g",
        [helper.make_tensor_value_info("x", T.FLOAT, [1, 8, 64]), helper.make_tensor_value_info("ids", T.INT64, [5]),
         helper.make_tensor_value_info("img", T.FLOAT, [1, 32, 8, 8])],
        [helper.make_tensor_value_info(n, T.FLOAT, s) for n, s in (("gemm", [8, 128]), ("emb", [5, 64]), ("conv", [1, 64, 6, 6]), ("half", []))],
        inits,
    )
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
    m.ir_version = 8
    onnx.checker.check_model(m, full_check=True)
    path = tmp_path / "g.onnx"
    onnx.save(m, str(path))
    return path


def test_int8_quantises_matmuls_and_stores_tables_and_convs_as_int8(tmp_path):
    src = graph(tmp_path)
    counts = to_int8(src, tmp_path / "g.int8.onnx", min_elements=1024)
    assert counts == {"MatMul": 1, "Gemm": 1, "Conv": 1, "Gather": 1}
    m = onnx.load(str(tmp_path / "g.int8.onnx"))
    ops = [n.op_type for n in m.graph.node]
    assert ops.count("MatMulInteger") == 2 and ops.count("DynamicQuantizeLinear") == 2
    big_float = [i.name for i in m.graph.initializer if i.data_type == T.FLOAT and int(np.prod(i.dims)) >= 1024]
    assert big_float == [], f"float32 weights left: {big_float}"
    assert [o.type.tensor_type.elem_type for o in m.graph.output] == [T.FLOAT] * 4


def test_int8_weights_only_keeps_float_arithmetic_on_int8_stored_weights(tmp_path):
    src = graph(tmp_path)
    to_int8(src, tmp_path / "g.w8.onnx", min_elements=1024, matmuls="weights")
    m = onnx.load(str(tmp_path / "g.w8.onnx"))
    assert "MatMulInteger" not in {n.op_type for n in m.graph.node}
    int8 = {i.name for i in m.graph.initializer if i.data_type == T.INT8}
    assert len(int8) == 4
    assert {n.op_type for n in m.graph.node if set(n.input) & int8} == {"Cast", "Gather"}, "dequantised by foldable constants (the table: per row)"


def test_int8_weights_in_memory_dequantises_on_every_run(tmp_path):
    src = graph(tmp_path)
    to_int8(src, tmp_path / "g.w8m.onnx", min_elements=1024, matmuls="weights-in-memory")
    m = onnx.load(str(tmp_path / "g.w8m.onnx"))
    int8 = {i.name for i in m.graph.initializer if i.data_type == T.INT8}
    readers = {n.op_type for n in m.graph.node if set(n.input) & int8}
    assert readers == {"DequantizeLinear", "Gather"}, "DequantizeLinear, which onnxruntime does not fold: int8 in memory"


def test_fp16_computes_in_float16_keeps_the_listed_ops_and_sizes_in_float32(tmp_path):
    src = graph(tmp_path)
    to_fp16(src, tmp_path / "g.fp16.onnx")
    m = onnx.load(str(tmp_path / "g.fp16.onnx"))
    types = {v.name: v.type.tensor_type.elem_type for v in onnx.shape_inference.infer_shapes(m).graph.value_info}
    types.update({i.name: i.data_type for i in m.graph.initializer})
    types.update({v.name: v.type.tensor_type.elem_type for v in [*m.graph.input, *m.graph.output]})
    by_op = {n.op_type: n for n in m.graph.node}
    for op in ("LayerNormalization", "Softmax"):
        assert op in KEEP_FP32 and types[by_op[op].input[0]] == T.FLOAT, op
    for op in ("MatMul", "Gemm", "Conv"):
        assert all(types[i] == T.FLOAT16 for i in by_op[op].input), op
    assert types[by_op["Div"].output[0]] == T.FLOAT, "a size computed from a shape stays float32"
    assert [types[i.name] for i in m.graph.input if i.name != "ids"] == [T.FLOAT, T.FLOAT]
    assert [o.type.tensor_type.elem_type for o in m.graph.output] == [T.FLOAT] * 4


def test_q8f16_stores_weights_as_int8_and_dequantises_them_with_foldable_ops(tmp_path):
    src = graph(tmp_path)
    to_fp16(src, tmp_path / "g.q8f16.onnx", weights="int8")
    m = onnx.load(str(tmp_path / "g.q8f16.onnx"))
    int8 = {i.name for i in m.graph.initializer if i.data_type == T.INT8}
    assert len(int8) == 4  # MatMul, Gemm, Conv weights and the token table
    readers = {n.op_type for n in m.graph.node if set(n.input) & int8}
    assert readers == {"Cast"}, "dequantised by Cast and Mul of constants only (onnxruntime folds them at load)"
