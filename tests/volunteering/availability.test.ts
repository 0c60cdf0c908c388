import { describe, expect, it } from 'vitest';
import { availabilityFromChoices, choicesFromAvailability, overlappingMinutes, parseAvailability } from '../../src/lib/server/volunteering/availability';

describe('availability', () => {
  it.each([
    [['1-morning'], [{ weekday: 1, from: '08:00', to: '12:00' }]],
    [
      ['3-evening', '1-afternoon', '3-evening'],
      [
        { weekday: 1, from: '12:00', to: '17:00' },
        { weekday: 3, from: '17:00', to: '21:00' },
      ],
    ],
    [['8-morning', '0-afternoon', '2-night', 'x'], []],
  ])('turns checkbox values %j into weekday ranges', (choices, expected) => {
    expect(availabilityFromChoices(choices)).toEqual(expected);
  });

  it('round-trips ranges to the checkboxes that refill the form', () => {
    const choices = ['2-afternoon', '6-morning'];
    expect(choicesFromAvailability(availabilityFromChoices(choices)).sort()).toEqual(choices.sort());
  });

  it.each([
    [[{ weekday: 2, from: '14:00', to: '18:00' }], [{ weekday: 2, from: '12:00', to: '17:00' }], 180],
    [[{ weekday: 2, from: '14:00', to: '18:00' }], [{ weekday: 3, from: '12:00', to: '17:00' }], 0],
    [[{ weekday: 1, from: '08:00', to: '12:00' }], [{ weekday: 1, from: '12:00', to: '17:00' }], 0],
    [
      [
        { weekday: 1, from: '08:00', to: '12:00' },
        { weekday: 5, from: '17:00', to: '21:00' },
      ],
      [
        { weekday: 1, from: '10:00', to: '11:00' },
        { weekday: 5, from: '18:00', to: '22:00' },
      ],
      60 + 180,
    ],
  ])('counts shared minutes per week', (a, b, minutes) => {
    expect(overlappingMinutes(a, b)).toBe(minutes);
  });

  it('reads broken stored JSON as no availability instead of failing', () => {
    expect(parseAvailability('not json')).toEqual([]);
    expect(parseAvailability('{"weekday":1}')).toEqual([]);
    expect(parseAvailability('[{"weekday":1,"from":"08:00","to":"12:00"},{"x":1}]')).toEqual([{ weekday: 1, from: '08:00', to: '12:00' }]);
  });
});
