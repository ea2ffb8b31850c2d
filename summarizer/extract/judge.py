"""Optional model assistance for the reconciler: where the deterministic matcher is unsure
whether two facts state the same thing, ask the configured model through the `same_fact`
template. Every answer is recorded; without a model the deterministic result stands."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from ..errors import ModelError
from ..model.client import Meter, ModelClient
from ..model.prompts import load_template
from ..models import Fact, TemplateRef, Usage

JUDGE_TEMPLATE = "same_fact"


class SameFact(BaseModel):
    """The model's verdict on two facts."""

    same: bool
    reason: str = Field(json_schema_extra={"maxLength": 200})


@dataclass
class Judgement:
    """One recorded question and answer."""

    fact_ids: tuple[str, str]
    same: bool | None
    reason: str


@dataclass
class ModelJudge:
    """Callable judge: `judge(a, b)` is True, False, or None when the model could not answer."""

    client: ModelClient
    log: list[Judgement] = field(default_factory=list)
    meter: Meter = field(default_factory=Meter)  # every call's cost, unanswered ones included
    template_ref: TemplateRef | None = None

    def __call__(self, a: Fact, b: Fact) -> bool | None:
        template = load_template(JUDGE_TEMPLATE)
        self.template_ref = template.ref
        first, second = sorted((a, b), key=lambda f: f.id)
        try:
            verdict = self.client.structured(
                template.render(a=first, b=second), SameFact, template=template.ref, meter=self.meter
            )
        except ModelError as err:
            self.log.append(Judgement((first.id, second.id), None, f"no answer: {err}"))
            return None
        self.log.append(Judgement((first.id, second.id), verdict.same, verdict.reason))
        return verdict.same

    @property
    def usage(self) -> Usage:
        return self.meter.usage
