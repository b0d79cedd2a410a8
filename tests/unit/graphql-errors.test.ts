import { variableField } from '../../shared/graphql-errors';

describe('variable coercion errors', () => {
  it('name the field inside the variable, else the variable', () => {
    expect(
      variableField(
        'Variable "$i" got invalid value "NaN" at "i.household.monthlyIncomePerCapita"; Float cannot represent non numeric value: "NaN"',
      ),
    ).toBe('i.household.monthlyIncomePerCapita');
    expect(
      variableField('Variable "$id" got invalid value 5; String cannot represent a non string value: 5'),
    ).toBe('id');
    expect(variableField('Variable "$id" of required type "String!" was not provided.')).toBe('id');
    expect(variableField('Cannot query field "x" on type "Query".')).toBeUndefined();
  });
});
