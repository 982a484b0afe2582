"""JsonlWriter asks the kernel to start writing its output to the disk as it goes (cleaners/output.py,
WRITEBACK_BYTES): the file is the same, and the fsync at its end has only the last stretch left."""
import json

from cleaners import output


def test_the_output_is_whole_and_its_writeback_was_started_as_it_grew(tmp_path, monkeypatch):
    monkeypatch.setattr(output, "WRITEBACK_BYTES", 4096)
    records = [{"id": str(i), "text": "科技创新推动区域经济高质量发展。" * 40} for i in range(50)]
    path = tmp_path / "out.jsonl"
    with output.JsonlWriter(str(path)) as writer:
        for record in records:
            writer.write(record)
        started = writer._written
        assert 0 < started < sum(len(output.jsonl_line(r)) for r in records)
    assert [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] == records


def test_standard_output_is_not_advised(capsys):
    with output.JsonlWriter("-") as writer:
        for i in range(3):
            writer.write({"id": str(i), "text": "x" * output.WRITEBACK_BYTES})
        assert writer._written == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
