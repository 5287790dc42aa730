import { describe, expect, it } from "vitest";
import { isStory } from "../../src/requests/story.ts";

/** What counts as a story (its card sends it as the request's «що потрібно», not asked for again). */
describe("a story", () => {
  it.each([
    ["нада шоб хтось помагав по хазяйству, я старий і погано бачу"],
    ["я дружина ветерана, чоловік після поранення, потрібна реабілітація і юрист"],
    ["Добрий день, мамі 84 роки, після інсульту не встає, потрібна доглядальниця вдома, я працюю"],
  ])("%j is one (second trial: the shorter two were asked again)", (text) => {
    expect(isStory(text)).toBe(true);
  });

  it.each([["соціальне таксі"], ["потрібна доглядальниця для мами"], ["де оформити субсидію на газ і світло взимку"]])("%j is a search", (text) => {
    expect(isStory(text)).toBe(false);
  });
});
