import numpy as np
import pytest
import torch
from tokenizers import Tokenizer, models, pre_tokenizers
from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

from cxstudy.sentiment import LABELS, Head, HFAnalyzer, _label_order, create_analyzer, fit_temperature, train_head


def test_temperature_scaling_recovers_a_known_temperature():
    rng = np.random.default_rng(0)
    true_logits = rng.normal(scale=2.0, size=(4000, 3))
    p = np.exp(true_logits) / np.exp(true_logits).sum(axis=1, keepdims=True)
    labels = np.array([rng.choice(3, p=row) for row in p])
    assert fit_temperature(true_logits * 3.0, labels) == pytest.approx(3.0, rel=0.1)


@pytest.mark.parametrize("hidden", [0, 16])
def test_train_head_learns_separable_classes_and_round_trips(tmp_path, hidden):
    rng = np.random.default_rng(1)
    centres = rng.normal(size=(3, 8)) * 3
    labels = rng.integers(0, 3, size=600)
    features = centres[labels] + rng.normal(size=(600, 8))
    head = train_head(features[:500], labels[:500], features[500:], labels[500:], seed=13, hidden=hidden)
    assert len(head.weights) == (2 if hidden else 1)
    probabilities = head.predict_proba(features[500:])
    assert np.allclose(probabilities.sum(axis=1), 1, atol=1e-5)
    assert (probabilities.argmax(axis=1) == labels[500:]).mean() > 0.9
    head.card = {"note": "test"}
    head.save(tmp_path / "head.npz")
    again = Head.load(tmp_path / "head.npz")
    assert np.allclose(again.predict_proba(features[500:]), probabilities, atol=1e-4)
    assert again.card == {"note": "test"}


def test_label_order_by_name_or_position():
    assert _label_order({0: "POSITIVE", 1: "NEG", 2: "neutral"}) == [1, 2, 0]
    assert _label_order({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}) == [0, 1, 2]
    with pytest.raises(ValueError):
        _label_order({0: "joy", 1: "anger"})


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A tiny BERT classifier with its own word-level tokenizer, saved to a folder."""
    folder = tmp_path_factory.mktemp("tiny-hf")
    vocab = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3}
    for word in "il servizio è pessimo ottimo the service was great awful".split():
        vocab.setdefault(word, len(vocab))
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    fast = PreTrainedTokenizerFast(tokenizer_object=tokenizer, pad_token="[PAD]", unk_token="[UNK]",
                                   cls_token="[CLS]", sep_token="[SEP]")
    fast.save_pretrained(folder)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=64, num_labels=3,
                        id2label={0: "positive", 1: "negative", 2: "neutral"},
                        label2id={"positive": 0, "negative": 1, "neutral": 2})
    BertForSequenceClassification(config).save_pretrained(folder)
    return folder


def test_hf_backend_maps_labels_and_batches(tiny_model):
    analyzer = create_analyzer(backend=f"hf:{tiny_model}")
    assert isinstance(analyzer, HFAnalyzer) and analyzer.name == f"hf:{tiny_model}"
    texts = ["il servizio è pessimo", "the service was great", "ottimo", "awful " * 300]
    probabilities = analyzer.predict(texts)
    assert probabilities.shape == (4, 3) and np.allclose(probabilities.sum(axis=1), 1, atol=1e-5)
    model, tokenizer = analyzer.model, analyzer.tokenizer
    with torch.inference_mode():
        raw = torch.softmax(model(**tokenizer(texts[:1], return_tensors="pt")).logits, -1)[0].numpy()
    # the model's label 0 is positive, 1 negative, 2 neutral
    assert np.allclose(probabilities[0], raw[[1, 2, 0]], atol=1e-5)
    single = np.concatenate([analyzer.predict([t]) for t in texts])
    assert np.allclose(single, probabilities, atol=1e-5)


def test_unknown_backend_and_task_are_refused():
    with pytest.raises(ValueError, match="unknown backend"):
        create_analyzer(backend="vader")
    with pytest.raises(ValueError, match="unknown task"):
        create_analyzer(task="emotion")
    assert LABELS == ("negative", "neutral", "positive")
