import { describe, expect, it } from 'vitest';
import { citiesOf, isPlace, namesPlace } from '../../src/text/places.js';

describe('places', () => {
  it('knows provinces, prefecture-level cities by their bare names, and places by their suffix', () => {
    for (const place of ['湖北', '湖北省', '内蒙古自治区', '无锡', '荆门市', '大理州', '喀什地区', '昆山县']) expect(isPlace(place), place).toBe(true);
  });

  it('does not take common words, or parts of a longer name, for a city', () => {
    // 朝阳 and 中山 are also words (朝阳产业, 中山大学): left out of the gazetteer.
    for (const word of ['朝阳', '中山', '白银', '苏州工业园区', '无锡分行', '城市', '地区']) expect(isPlace(word), word).toBe(false);
  });

  it('knows the prefecture-level cities of each province', () => {
    expect(citiesOf('浙江')).toContain('衢州');
    expect(citiesOf('浙江省')).toContain('杭州');
    expect(citiesOf('新疆')).toContain('喀什');
    expect(citiesOf('湖南')).not.toContain('衢州');
    expect(citiesOf('衢州')).toEqual([]);
  });

  it('finds a province or a suffixed place anywhere in a text', () => {
    expect(namesPlace('湖南省出台了实施方案')).toBe(true);
    expect(namesPlace('在江北区召开会议')).toBe(true);
    expect(namesPlace('区域协调发展')).toBe(false);
  });
});
